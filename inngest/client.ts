import { Inngest } from "inngest";

// checkpointing off: every step is a round trip the executor (embedded or Inngest's) memoizes.
export const inngest = new Inngest({ id: "berth", checkpointing: false });
