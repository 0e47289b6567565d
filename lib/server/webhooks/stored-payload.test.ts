import { describe, expect, it } from "vitest";
import { STORED_PAYLOAD_BYTES, storedPayload } from "./stored-payload";

describe("storedPayload", () => {
  it("keeps a payload within the limit exactly as sent", () => {
    const payload = { ref: "refs/heads/main", commits: [{ id: "a" }] };
    expect(storedPayload(payload, 1000)).toBe(payload);
  });

  it("keeps what deciding and replaying need of a huge push, and says what was cut", () => {
    const sha = "a".repeat(40);
    const commits = Array.from({ length: 3000 }, (_, index) => ({ id: sha, message: `commit ${index}`, added: Array.from({ length: 50 }, () => "src/file.ts") }));
    const payload = { ref: "refs/heads/main", after: sha, repository: { full_name: "acme/web" }, head_commit: { id: sha, message: "x".repeat(100_000) }, commits };
    const received = JSON.stringify(payload).length;
    expect(received).toBeGreaterThan(STORED_PAYLOAD_BYTES);
    const kept = storedPayload(payload, received) as typeof payload & { _berth: { truncated: boolean; received_bytes: number; kept: string } };
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(STORED_PAYLOAD_BYTES);
    expect(kept).toMatchObject({ ref: "refs/heads/main", after: sha, repository: { full_name: "acme/web" }, head_commit: { id: sha } });
    expect(kept._berth).toEqual({ truncated: true, received_bytes: received, kept: "arrays cut to their first 100 entries, strings to 16384 characters" });
    expect(kept.commits).toHaveLength(100);
    expect(kept.head_commit.message).toHaveLength(16 * 1024 + "… [cut]".length);
  });

  it("cuts harder when it must, and keeps only a note when nothing fits", () => {
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`key${index}`, "v".repeat(100)]));
    const kept = storedPayload(wide, 3 * STORED_PAYLOAD_BYTES) as Record<string, unknown>;
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(STORED_PAYLOAD_BYTES);
    expect(kept._berth).toMatchObject({ truncated: true });
  });
});
