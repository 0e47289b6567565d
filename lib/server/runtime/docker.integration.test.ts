import { describe, expect, it } from "vitest";
import { connectDocker, engineStatus } from "./docker";

describe("engineStatus", () => {
  it("reports the engine version when the engine answers", async () => {
    const status = await engineStatus(connectDocker(undefined), undefined);
    expect(status).toEqual({ status: "reachable", version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it("names the address when the engine is not reachable", async () => {
    const host = "unix:///tmp/berth-no-such-docker.sock";
    const status = await engineStatus(connectDocker(host), host);
    expect(status.status).toBe("unreachable");
    expect(status.status === "unreachable" && status.detail).toMatch(/^Docker engine not reachable at unix:\/\/\/tmp\/berth-no-such-docker.sock/);
  });
});
