import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";

// GET|POST|PUT /api/inngest — the workflow functions, for an Inngest server or the embedded executor
export const { GET, POST, PUT } = serve({ client: inngest, functions });
