import { z } from "zod";

// Whose objects a list shows: the user's own, or (admins only) everyone's.
export const listScopeSchema = z.enum(["mine", "all"]).default("mine");

export type ListScope = z.infer<typeof listScopeSchema>;
