import pino from "pino";
import { logLevel } from "@/lib/server/env";

// Structured logs; values under these keys never reach the output.
export const logger = pino({
  level: logLevel(),
  redact: {
    paths: ["password", "*.password", "secret", "*.secret", "token", "*.token", "authorization", "*.authorization", "headers.cookie"],
    censor: "[redacted]",
  },
});
