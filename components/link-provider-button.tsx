"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

// Signing in with a provider while signed in links that provider's account to this Berth user.
export function LinkProviderButton({ id, name, callbackUrl = "/settings" }: { id: string; name: string; callbackUrl?: string }) {
  return (
    <Button variant="secondary" onClick={() => void signIn(id, { callbackUrl })}>
      Link {name}
    </Button>
  );
}
