// Property tests of the payload parsers and the decision module (fast-check): whatever a signed sender puts in a
// body — arbitrary JSON, recorded payloads with values swapped for other types, huge strings, unicode, pieces cut
// off — a parser either returns an event or refuses with a PayloadError (a 400, never a 500), and no decision to
// deploy is ever made without a full commit sha and a valid branch.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCommitSha, pushedRefSchema } from "@/lib/shared/validations/git";
import { decide } from "./decide";
import { deployHook } from "./deploy-hook";
import { PROVIDERS } from "./providers";
import { PayloadError, type ProviderAdapter } from "./types";

const FIXTURES = join(process.cwd(), "test/fixtures/webhooks");
// The recorded payloads of the providers whose deliveries we keep (test/fixtures/webhooks/README.md).
const recorded = (["gitlab", "gitea", "bitbucket"] as const).flatMap((provider) =>
  readdirSync(join(FIXTURES, provider)).map((file) => ({ provider, payload: JSON.parse(readFileSync(join(FIXTURES, provider, file), "utf8")) as unknown })),
);

// The event names each provider's receiver is handed (its event header), including ones it does not know.
const EVENTS: Record<keyof typeof PROVIDERS, string[]> = {
  github: ["push", "ping", "pull_request", "workflow_run", "workflow_job", "create", "issues"],
  gitlab: ["Push Hook", "Tag Push Hook", "Merge Request Hook", "Pipeline Hook", "Job Hook", "System Hook", "Note Hook"],
  bitbucket: ["repo:push", "repo:refs_changed", "pullrequest:created", "pullrequest:fulfilled", "repo:commit_status_updated", "diagnostics:ping", "issue:created"],
  gitea: ["push", "create", "delete", "pull_request", "workflow_run", "workflow_job", "release"],
};

const service = { branch: "main", deployTags: true };
const hostileString = fc.oneof(fc.string(), fc.string({ unit: "grapheme", maxLength: 50 }), fc.constant("x".repeat(100_000)), fc.constant("--upload-pack=touch /tmp/pwned"), fc.constant("refs/heads/../../etc"));
const hostileValue = fc.oneof(fc.anything(), hostileString, fc.integer(), fc.constant(null), fc.array(hostileString, { maxLength: 3 }));

// Parses; a refusal must be a PayloadError. A push the decision module would deploy must carry a full sha and branch.
function check(adapter: ProviderAdapter, event: string, payload: unknown) {
  let parsed;
  try {
    parsed = adapter.parse(event, payload);
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    return;
  }
  const decision = decide(parsed.normalized, service);
  if (decision.kind === "deploy") {
    expect(isCommitSha(decision.commit.sha), `a deploy decision with sha ${String(decision.commit.sha).slice(0, 80)}`).toBe(true);
    expect(pushedRefSchema.safeParse(decision.ref).success, `a deploy decision for ${decision.ref.slice(0, 80)}`).toBe(true);
  }
}

// A copy of value with the node at one path (chosen by index) replaced.
function replaceAt(value: unknown, pick: number, replacement: unknown): unknown {
  let counter = 0;
  const walk = (node: unknown): unknown => {
    if (counter++ === pick) return replacement;
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    return node;
  };
  return walk(value);
}

describe("payload parsers under arbitrary input", () => {
  it.each(Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[])("%s: arbitrary JSON is an event or a PayloadError, never a crash", (provider) => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENTS[provider]), fc.oneof(fc.anything(), fc.jsonValue(), fc.dictionary(fc.string(), hostileValue)), (event, payload) => check(PROVIDERS[provider], event, payload)),
      { numRuns: 300 },
    );
  });

  it("recorded payloads with one value swapped for something hostile never deploy without a valid sha and branch", () => {
    fc.assert(
      fc.property(fc.constantFrom(...recorded), fc.nat(400), hostileValue, (sample, pick, replacement) => {
        const payload = replaceAt(sample.payload, pick, replacement);
        for (const event of EVENTS[sample.provider]) check(PROVIDERS[sample.provider], event, payload);
      }),
      { numRuns: 400 },
    );
  });

  it("recorded payloads cut short (a truncated body re-parsed leniently) are refused, not crashed on", () => {
    fc.assert(
      fc.property(fc.constantFrom(...recorded), fc.nat(200), (sample, depth) => {
        // What survives of a body cut at some point: its top-level fields up to there.
        const entries = Object.entries((sample.payload ?? {}) as Record<string, unknown>);
        const payload = Object.fromEntries(entries.slice(0, depth % (entries.length + 1)));
        for (const event of EVENTS[sample.provider]) check(PROVIDERS[sample.provider], event, payload);
      }),
      { numRuns: 200 },
    );
  });

  it("the deploy hook's body is a deploy request with a valid sha and ref, or refused", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ ref: hostileValue, branch: hostileValue, commit: hostileValue }, { requiredKeys: [] })), (payload) => {
        let parsed;
        try {
          parsed = deployHook.parse("deploy", payload);
        } catch (error) {
          expect(error).toBeInstanceOf(PayloadError);
          return;
        }
        const normalized = parsed.normalized;
        expect(normalized.kind).toBe("deploy");
        if (normalized.kind === "deploy" && normalized.sha !== null) expect(isCommitSha(normalized.sha)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
