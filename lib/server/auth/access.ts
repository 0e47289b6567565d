// Who may act on what. A member: their own services and connections and everything under them
// (deployments, deliveries, CI runs, incidents, runner jobs). An admin (the local admin, BERTH_ADMINS):
// every user's, and the instance's settings.
// Another user's object answers a member 404, exactly like one that does not exist.
import { ApiError } from "@/lib/server/api-error";
import type { Prisma, UserRole } from "@/lib/generated/prisma/client";
import type { ListScope } from "@/lib/shared/validations/list-scope";

export type Actor = { id: string; role: UserRole };

export function visibleServices(actor: Actor): Prisma.ServiceWhereInput {
  return actor.role === "admin" ? {} : { ownerId: actor.id };
}

// A connection (and what hangs off it: CI runs, incidents, runner jobs) is its owner's, with or without a
// service.
export function visibleConnections(actor: Actor): Prisma.RepositoryConnectionWhereInput {
  return actor.role === "admin" ? {} : { ownerId: actor.id };
}

// A member's deliveries: their services' and their CI-only connections'.
const ownDeliveries = (userId: string): Prisma.WebhookDeliveryWhereInput => ({ OR: [{ service: { ownerId: userId } }, { connection: { ownerId: userId } }] });

// Deliveries an admin reaches include those no service claimed (unknown targets, bad signatures).
export function visibleDeliveries(actor: Actor): Prisma.WebhookDeliveryWhereInput {
  return actor.role === "admin" ? {} : ownDeliveries(actor.id);
}

// What a list shows: the actor's own, or everyone's for an admin who asks (403 for a member).
export function listedServices(actor: Actor, scope: ListScope): Prisma.ServiceWhereInput {
  if (scope === "mine") return { ownerId: actor.id };
  assertAdmin(actor);
  return {};
}

export function listedConnections(actor: Actor, scope: ListScope): Prisma.RepositoryConnectionWhereInput {
  if (scope === "mine") return { ownerId: actor.id };
  assertAdmin(actor);
  return {};
}

export function listedDeliveries(actor: Actor, scope: ListScope): Prisma.WebhookDeliveryWhereInput {
  if (scope === "mine") return ownDeliveries(actor.id);
  assertAdmin(actor);
  return {};
}

export function assertAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new ApiError({ code: "forbidden", message: "Only an admin of this Berth may do that" });
}
