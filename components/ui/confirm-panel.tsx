import type { ReactNode } from "react";
import { Button } from "./button";

const TONES = { danger: "border-red-200 bg-red-50", caution: "border-amber-200 bg-amber-50" } as const;

// The second step of a consequential action: what will happen, the action itself, and a way back.
export function ConfirmPanel(props: {
  label: string;
  question: ReactNode;
  confirm: string;
  pendingConfirm: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  error?: string;
  tone?: keyof typeof TONES;
}) {
  const tone = props.tone ?? "danger";
  return (
    <div role="group" aria-label={props.label} className={`flex flex-wrap items-center gap-2 rounded-md border px-3 py-2 text-sm ${TONES[tone]}`}>
      <span className="basis-full sm:basis-auto">{props.question}</span>
      <Button variant={tone === "danger" ? "danger" : "primary"} disabled={props.pending} onClick={props.onConfirm}>
        {props.pending ? props.pendingConfirm : props.confirm}
      </Button>
      <Button variant="secondary" onClick={props.onCancel}>
        Cancel
      </Button>
      {props.error ? <span className="w-full text-red-700">{props.error}</span> : null}
    </div>
  );
}
