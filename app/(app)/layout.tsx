import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppNav } from "@/components/app-nav";
import { LiveUpdates } from "@/components/live-updates";
import { getSessionUser } from "@/lib/server/auth/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return (
    <>
      <AppNav userLabel={user.email ?? user.name ?? "Signed in"} />
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
      <LiveUpdates />
    </>
  );
}
