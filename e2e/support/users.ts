export const USERS = {
  admin: { email: "admin@e2e.test", password: "e2e admin password" },
  other: { email: "other@e2e.test", password: "e2e other password" },
} as const;
