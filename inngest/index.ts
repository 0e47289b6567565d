import type { InngestFunction } from "inngest";

// Every workflow function Berth serves at /api/inngest (issue #5 adds the deploy workflow).
export const functions: InngestFunction.Any[] = [];
