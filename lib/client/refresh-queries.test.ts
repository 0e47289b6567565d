import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { refreshQueries } from "./refresh-queries";

// A server whose answer changes while the first request is under way, as a CI run does while the incidents
// page loads.
function changingServer() {
  const server = { value: "before", requests: 0 };
  const fetcher = async () => {
    server.requests++;
    const answer = server.value;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return answer;
  };
  return { server, fetcher };
}

describe("refreshQueries", () => {
  it("fetches again when the change is announced while the first answer is still loading", async () => {
    const queryClient = new QueryClient();
    const { server, fetcher } = changingServer();
    const observer = new QueryObserver(queryClient, { queryKey: ["ci", "incidents"], queryFn: fetcher });
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));

    server.value = "after";
    await refreshQueries(queryClient, ["ci"]);
    expect(queryClient.getQueryData(["ci", "incidents"])).toBe("after");
    expect(server.requests).toBe(2);
    unsubscribe();
  });

  it("is needed: invalidateQueries alone keeps the answer read before the change", async () => {
    const queryClient = new QueryClient();
    const { server, fetcher } = changingServer();
    const observer = new QueryObserver(queryClient, { queryKey: ["ci", "incidents"], queryFn: fetcher });
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));

    server.value = "after";
    await queryClient.invalidateQueries({ queryKey: ["ci"] });
    expect(queryClient.getQueryData(["ci", "incidents"])).toBe("before");
    unsubscribe();
  });
});
