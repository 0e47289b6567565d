// Seals every ciphertext written before ciphertexts were bound to their place (v1) again, bound (v2):
// one transaction at start-up, after the key check. SQL migrations cannot do it, as it needs the key.
// A v1 ciphertext copied anywhere stops opening once this has run.
import type { Db } from "@/lib/server/database/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SecretBox } from "./encryption";
import { SEALED_COLUMNS } from "./sealed-fields";

export function isUnbound(sealed: string): boolean {
  return sealed.startsWith("v1.");
}

export async function resealUnboundSecrets(db: Db, box: SecretBox): Promise<number> {
  return db.$transaction(async (tx) => {
    let resealed = 0;
    for (const entry of SEALED_COLUMNS) {
      const table = Prisma.raw(`"${entry.table}"`);
      const key = Prisma.raw(`"${entry.key}"`);
      const only = "only" in entry ? Prisma.sql`AND ${key} = ${entry.only}` : Prisma.empty;
      for (const column of entry.columns) {
        const field = Prisma.raw(`"${column}"`);
        const rows = await tx.$queryRaw<{ row: string; sealed: string }[]>`SELECT ${key} AS row, ${field} AS sealed FROM ${table} WHERE ${field} LIKE 'v1.%' ${only}`;
        for (const { row, sealed } of rows) {
          const bound = box.encrypt(box.openUnbound(sealed), { table: entry.table, column, row });
          await tx.$executeRaw`UPDATE ${table} SET ${field} = ${bound} WHERE ${key} = ${row}`;
          resealed++;
        }
      }
    }
    return resealed;
  });
}
