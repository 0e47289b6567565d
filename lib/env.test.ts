import { describe, expect, it } from "vitest";
import { EnvError, launcherEnv } from "./env";

describe("launcherEnv", () => {
  it("defaults to the embedded setup on port 3000", () => {
    const config = launcherEnv({});
    expect(config).toMatchObject({ PORT: 3000, BERTH_DATA_DIR: ".data", ADMIN_EMAIL: "admin@localhost" });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("treats empty values as unset", () => {
    const config = launcherEnv({ DATABASE_URL: "", ADMIN_PASSWORD: "" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ADMIN_PASSWORD).toBeUndefined();
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ ADMIN_PASSWORD: "short" }, "ADMIN_PASSWORD: ADMIN_PASSWORD must be at least 12 characters"],
    [{ ADMIN_EMAIL: "not-an-email" }, "ADMIN_EMAIL"],
    [{ NEXTAUTH_URL: "ftp://x" }, "NEXTAUTH_URL"],
  ])("names the bad variable in %j", (source, name) => {
    expect(() => launcherEnv(source)).toThrow(EnvError);
    expect(() => launcherEnv(source)).toThrow(name);
  });
});
