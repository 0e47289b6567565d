// Next.js calls register() once per server process: start the deploy workflow's engine beside it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWorkflow } = await import("@/lib/server/executor/start-workflow");
  await startWorkflow();
}
