import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";
import { guardWorkflowEndpoint } from "@/lib/server/executor/endpoint-guard";

// GET|POST|PUT /api/inngest — the workflow functions, for an Inngest server or the embedded executor
export const { GET, POST, PUT } = guardWorkflowEndpoint((serveOrigin) => serve({ client: inngest, functions, serveOrigin, servePath: "/api/inngest" }));
