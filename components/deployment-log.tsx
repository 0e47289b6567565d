"use client";

import AnsiToHtml from "ansi-to-html";
import { useEffect, useMemo, useRef, useState } from "react";

export type LogLine = { id: string; step: string; stream: string; line: string; created_at: string };

// The deployment's log over SSE: the stored lines first (so a reload shows everything), then new ones;
// keeps the newest line in view unless the reader scrolled up. Keyed by deployment by its parent, so another
// deployment starts from an empty log.
export function DeploymentLog({ deploymentId, onLines }: { deploymentId: string; onLines?: (lines: LogLine[]) => void }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [ended, setEnded] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const ansi = useMemo(() => new AnsiToHtml({ escapeXML: true, fg: "#e2e8f0", bg: "#0f172a" }), []);

  useEffect(() => {
    const source = new EventSource(`/api/deployments/${deploymentId}/logs`);
    source.onmessage = (event: MessageEvent<string>) => {
      const line = { id: event.lastEventId, ...(JSON.parse(event.data) as Omit<LogLine, "id">) };
      setLines((current) => (current.some((existing) => existing.id === line.id) ? current : [...current, line]));
    };
    source.addEventListener("end", () => {
      setEnded(true);
      source.close();
    });
    return () => source.close();
  }, [deploymentId]);

  useEffect(() => {
    onLines?.(lines);
    if (follow.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, onLines]);

  return (
    <div>
      <div
        ref={box}
        role="log"
        aria-label="Build and deploy log"
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          follow.current = element.scrollTop + element.clientHeight >= element.scrollHeight - 8;
        }}
        className="h-[28rem] overflow-y-auto rounded-lg bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-200"
      >
        {lines.length === 0 ? <p className="text-slate-400">{ended ? "No log lines." : "Waiting for the first line…"}</p> : null}
        {lines.map((line) => (
          <div key={line.id} className={`whitespace-pre-wrap break-all ${line.stream === "stderr" ? "text-red-300" : ""}`}>
            <span className="select-none text-slate-500">{new Date(line.created_at).toLocaleTimeString()} </span>
            <span dangerouslySetInnerHTML={{ __html: ansi.toHtml(line.line) }} />
          </div>
        ))}
      </div>
      <p className="mt-1 text-xs text-slate-500">{ended ? "The deployment has finished." : "Following live…"}</p>
    </div>
  );
}
