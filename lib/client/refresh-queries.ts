import type { QueryClient, QueryKey } from "@tanstack/react-query";

// Refetches every query under a key because the server said it changed. invalidateQueries alone is not
// enough: a query still loading its first answer is not restarted (React Query returns the running fetch),
// so an answer read before the change would stand. Cancelling first makes every such query fetch again.
export async function refreshQueries(queryClient: QueryClient, queryKey: QueryKey): Promise<void> {
  await queryClient.cancelQueries({ queryKey });
  await queryClient.invalidateQueries({ queryKey });
}
