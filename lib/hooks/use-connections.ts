import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http-client";
import { serviceKeys } from "./use-services";

// Install the provider's webhook again after a failure; the services list shows the new state.
export function useRetryWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (connectionId: string) => apiFetch(`/api/repositories/connections/${connectionId}/webhook`, { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceKeys.all }),
  });
}
