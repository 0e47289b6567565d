import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { refreshQueries } from "./refresh-queries";

// A page loading its incidents while the server's answer changes under the first request, as when a CI run
// finishes while the incidents page loads.
async function loadingPage() {
  const server = { value: "before", requests: 0 };
  const queryClient = new QueryClient();
  const observer = new QueryObserver(queryClient, {
    queryKey: ["ci", "incidents"],
    queryFn: async () => {
      server.requests++;
      const answer = server.value;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return answer;
    },
  });
  const unsubscribe = observer.subscribe(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 10));
  server.value = "after";
  return { server, queryClient, shown: () => queryClient.getQueryData(["ci", "incidents"]), unsubscribe };
}

describe("refreshQueries", () => {
  it("fetches again when the change is announced while the first answer is still loading", async () => {
    const page = await loadingPage();
    await refreshQueries(page.queryClient, ["ci"]);
    expect(page.shown()).toBe("after");
    expect(page.server.requests).toBe(2);
    page.unsubscribe();
  });

  it("is needed: invalidateQueries alone keeps the answer read before the change", async () => {
    const page = await loadingPage();
    await page.queryClient.invalidateQueries({ queryKey: ["ci"] });
    expect(page.shown()).toBe("before");
    page.unsubscribe();
  });
});
