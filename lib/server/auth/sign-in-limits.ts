// Password guessing is limited before anything is hashed: per account (10 failures in 15 minutes), per
// address (30 failures in 15 minutes) and in all (8 password checks at a time: each is a 19 MiB argon2id
// hash, and the machine has few cores). Past a limit the answer is 429 with Retry-After, and the hash is
// not computed. Failures count, not successes: a right password costs no guesses.
import { RateLimiterMemory } from "rate-limiter-flexible";
import { readBodyCapped } from "@/lib/server/net/read-body";
import { logger } from "@/lib/server/logger";
import { clientAddress, limitKey } from "@/lib/server/net/client-address";

export const SIGN_IN_LIMITS = { failuresPerAccount: 10, failuresPerAddress: 30, windowSeconds: 15 * 60, concurrentChecks: 8 };

const failuresByAccount = new RateLimiterMemory({ keyPrefix: "sign-in-account", points: SIGN_IN_LIMITS.failuresPerAccount, duration: SIGN_IN_LIMITS.windowSeconds });
const failuresByAddress = new RateLimiterMemory({ keyPrefix: "sign-in-address", points: SIGN_IN_LIMITS.failuresPerAddress, duration: SIGN_IN_LIMITS.windowSeconds });
let checking = 0;

const PASSWORD_SIGN_IN = /\/api\/auth\/callback\/local\/?$/;

const accountKey = (email: string) => email.trim().toLowerCase();

// Seconds until this address may try this account again; 0 when it may now.
async function waitSeconds(address: string, email: string): Promise<number> {
  const [account, byAddress] = await Promise.all([failuresByAccount.get(accountKey(email)), failuresByAddress.get(limitKey(address))]);
  let wait = 0;
  if (account && account.consumedPoints >= SIGN_IN_LIMITS.failuresPerAccount) wait = Math.max(wait, account.msBeforeNext);
  if (byAddress && byAddress.consumedPoints >= SIGN_IN_LIMITS.failuresPerAddress) wait = Math.max(wait, byAddress.msBeforeNext);
  return Math.ceil(wait / 1000);
}

// Runs a password sign-in (next-auth's credentials callback) within the limits, or answers 429 instead.
export async function withinSignInLimits(request: Request, run: () => Promise<Response>): Promise<Response> {
  if (request.method !== "POST" || !PASSWORD_SIGN_IN.test(new URL(request.url).pathname)) return run();
  const form = new URLSearchParams(new TextDecoder().decode(await readBodyCapped(request.clone(), 64 * 1024).catch(() => new Uint8Array())));
  const email = form.get("email") ?? "";
  const address = clientAddress(request);
  const wait = checking >= SIGN_IN_LIMITS.concurrentChecks ? 1 : await waitSeconds(address, email);
  if (wait > 0) {
    logger.warn({ address, account: accountKey(email) }, "password sign-in refused: too many attempts");
    const url = new URL("/signin?error=TooManyAttempts", request.url).toString();
    // `url` is what next-auth's client reads the error from.
    return Response.json({ detail: `Too many sign-in attempts; try again in ${wait} s`, url }, { status: 429, headers: { "Retry-After": String(wait) } });
  }
  checking++;
  try {
    return await run();
  } finally {
    checking--;
  }
}

export async function recordSignInFailure(address: string, email: string): Promise<void> {
  await Promise.all([failuresByAccount.penalty(accountKey(email)), failuresByAddress.penalty(limitKey(address))]);
}

export async function recordSignInSuccess(email: string): Promise<void> {
  await failuresByAccount.delete(accountKey(email));
}
