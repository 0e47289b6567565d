// A stand-in for the app process in the restart test: the embedded executor driving the real functions.
// The test kills it with SIGKILL mid-deploy. Configuration comes from the environment the test passes.
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";
import { db } from "@/lib/server/db";
import { inProcessTransport, testExecutor } from "./workflow";

const executor = testExecutor(db, inProcessTransport(inngest, functions), { leaseMs: 2_000 });
await executor.start();
process.stdout.write("executor started\n");
