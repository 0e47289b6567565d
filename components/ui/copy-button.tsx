"use client";

import { useState } from "react";
import { Button } from "./button";

// Copies a value and says so; where the Clipboard API is unavailable (plain-HTTP origins) it says to copy by hand.
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  }
  return (
    <Button type="button" variant="secondary" aria-label={label} onClick={() => void copy()} className="shrink-0">
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : "Copy"}</span>
    </Button>
  );
}
