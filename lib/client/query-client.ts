import { QueryClient } from "@tanstack/react-query";
import { HttpError } from "@/lib/client/api-fetch";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx will not change by asking again.
        retry: (failures, error) => !(error instanceof HttpError && error.status < 500) && failures < 2,
      },
    },
  });
}
