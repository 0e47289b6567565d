import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/net/client-address";
import { recordSignInFailure, recordSignInSuccess, SIGN_IN_LIMITS, withinSignInLimits } from "./sign-in-limits";

function passwordSignIn(email: string, address: string) {
  return new Request("http://localhost:3000/api/auth/callback/local", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", [CLIENT_ADDRESS_HEADER]: address },
    body: new URLSearchParams({ email, password: "wrong", csrfToken: "x" }),
  });
}

// Stands in for next-auth's credentials callback: counts how often the password would be hashed, and
// records the failure as authorize() does.
function guesser(address: string) {
  let hashed = 0;
  return {
    hashed: () => hashed,
    async attempt(email: string) {
      return withinSignInLimits(passwordSignIn(email, address), async () => {
        hashed++;
        await recordSignInFailure(address, email);
        return Response.json({ url: "http://localhost:3000/api/auth/error?error=CredentialsSignin" }, { status: 401 });
      });
    },
  };
}

describe("password guessing", () => {
  it("is refused 429 with Retry-After after 10 failures for one account, without hashing again", async () => {
    const attacker = guesser("198.51.100.10");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 50; attempt++) statuses.push((await attacker.attempt("victim@example.test")).status);
    expect(statuses.slice(0, SIGN_IN_LIMITS.failuresPerAccount).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(SIGN_IN_LIMITS.failuresPerAccount).every((status) => status === 429)).toBe(true);
    expect(attacker.hashed()).toBe(SIGN_IN_LIMITS.failuresPerAccount);
    const limited = await attacker.attempt("victim@example.test");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ url: "http://localhost:3000/signin?error=TooManyAttempts" });
  });

  it("is refused per address across accounts, counting an IPv6 /64 as one address", async () => {
    const first = guesser("2001:db8:77:1::1");
    for (let account = 0; account < SIGN_IN_LIMITS.failuresPerAddress; account++) await first.attempt(`user${account}@example.test`);
    const sameSubnet = guesser("2001:db8:77:1::ffff");
    expect((await sameSubnet.attempt("someone-else@example.test")).status).toBe(429);
    expect(sameSubnet.hashed()).toBe(0);
    expect((await guesser("2001:db8:77:2::1").attempt("someone-else@example.test")).status).toBe(401);
  });

  it("forgets an account's failures once its password is right", async () => {
    const user = guesser("198.51.100.20");
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.failuresPerAccount - 1; attempt++) await user.attempt("forgetful@example.test");
    await recordSignInSuccess("forgetful@example.test");
    expect((await user.attempt("forgetful@example.test")).status).toBe(401);
  });

  it("leaves every other auth endpoint alone", async () => {
    let ran = false;
    await withinSignInLimits(new Request("http://localhost:3000/api/auth/session"), async () => {
      ran = true;
      return new Response("{}");
    });
    expect(ran).toBe(true);
  });
});
