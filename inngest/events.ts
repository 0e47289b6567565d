// The workflow events' payloads, checked where a function reads them.
import { z } from "zod";

// deploy/requested and deploy/live.
export const deployRequestedSchema = z.object({ deploymentId: z.string(), serviceId: z.string() });

export const serviceDeletedSchema = z.object({ serviceId: z.string(), slug: z.string() });
