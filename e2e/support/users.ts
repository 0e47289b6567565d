// The GitHub organization (at the emulator) whose members BERTH_ALLOWED_ORGS lets in.
export const E2E_ORG = "acme-e2e";

export const USERS = {
  admin: { email: "admin@e2e.test", password: "e2e admin password" },
  other: { email: "other@e2e.test", password: "e2e other password" },
} as const;
