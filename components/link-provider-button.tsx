"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

// Signing in with a provider while signed in links that provider's account to this Berth user.
export function LinkProviderButton({ id, name }: { id: string; name: string }) {
  return (
    <Button variant="secondary" onClick={() => signIn(id, { callbackUrl: "/settings" })}>
      Link {name}
    </Button>
  );
}
