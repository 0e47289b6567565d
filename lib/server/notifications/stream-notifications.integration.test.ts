// Who hears what on the live stream: a user their own notifications and CI hints; an admin every CI hint
// (their lists can show everyone's CI), and still only their own notifications.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { publishLive } from "@/lib/server/live/live-events";
import type { SseSink } from "@/lib/server/live/sse";
import { createTestUser } from "@/test/support/users";
import { waitFor } from "@/test/support/wait-for";
import { notify } from "./notify";
import { streamNotifications } from "./stream-notifications";

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

async function listen(user: { id: string; role: "admin" | "member" }) {
  const received: { event?: string; data: unknown }[] = [];
  const sink: SseSink = { send: (event) => received.push(event), close: () => undefined };
  stops.push(await streamNotifications(user, new Date(Date.now() - 1000), sink));
  return received;
}

describe("the live stream", () => {
  it("gives CI hints to their owner and to admins, and notifications to their owner only", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const admin = await db.user.update({ where: { id: (await createTestUser()).id }, data: { role: "admin" } });
    const [ownerHeard, otherHeard, adminHeard] = await Promise.all([listen(owner), listen(other), listen(admin)]);

    await publishLive({ type: "ci", userId: owner.id });
    await notify({ type: "incident_opened", serviceId: null, userId: owner.id, severity: "error", message: "CI is red" });
    await waitFor(async () => ownerHeard.length >= 2 && adminHeard.length >= 1, 10_000, "the hints to arrive");
    // A last hint for the other user, so a stray delivery to them would have arrived by the time it does.
    await publishLive({ type: "ci", userId: other.id });
    await waitFor(async () => otherHeard.length >= 1 && adminHeard.length >= 2, 10_000, "the other user's hint");

    expect(ownerHeard.map((event) => event.event).sort()).toEqual(["ci", "notification"]);
    expect(ownerHeard.find((event) => event.event === "notification")?.data).toMatchObject({ message: "CI is red" });
    expect(otherHeard.map((event) => event.event)).toEqual(["ci"]);
    expect(adminHeard.map((event) => event.event)).toEqual(["ci", "ci"]);
  });
});
