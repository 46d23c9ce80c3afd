import { describe, expect, it } from "vitest";
import { write } from "./db.server";
import { clearAccountThrottle, clearPairFailures, LIMITS, loginThrottle, recordLoginFailure, takeResetRequest } from "./rate-limit.server";

// Every test uses its own addresses and accounts, so their counters never meet.
const LGWAN = (n: number) => `203.0.113.${n}`;

async function fail(email: string, ip: string, times: number, now: number) {
  for (let i = 0; i < times; i++) await recordLoginFailure({ email, ip, now: now + i });
}

describe("sign-in throttling (kept in SQLite)", () => {
  it("stops one account from one address after 10 failures within 10 minutes", async () => {
    const now = Date.UTC(2026, 10, 22, 1, 0);
    await fail("Taro@Example.jp", LGWAN(1), LIMITS.pair.max - 1, now);
    expect(await loginThrottle({ email: "taro@example.jp", ip: LGWAN(1), now: now + 100 })).toBeNull();
    await fail("taro@example.jp", LGWAN(1), 1, now + 200);
    expect(await loginThrottle({ email: "taro@example.jp", ip: LGWAN(1), now: now + 300 })).toBe("pair");
    // After the window the pair may try again.
    expect(await loginThrottle({ email: "taro@example.jp", ip: LGWAN(1), now: now + 200 + LIMITS.pair.windowMs + 1 })).toBeNull();
  });

  it("a colleague behind the same shared address is not stopped by someone else's failures", async () => {
    const now = Date.UTC(2026, 10, 22, 2, 0);
    await fail("jiro@example.jp", LGWAN(2), LIMITS.pair.max, now);
    expect(await loginThrottle({ email: "jiro@example.jp", ip: LGWAN(2), now: now + 100 })).toBe("pair");
    expect(await loginThrottle({ email: "hanako@example.jp", ip: LGWAN(2), now: now + 100 })).toBeNull();
  });

  it("the owner of a throttled account still comes in from another address", async () => {
    const now = Date.UTC(2026, 10, 22, 3, 0);
    await fail("saburo@example.jp", LGWAN(3), LIMITS.pair.max, now);
    expect(await loginThrottle({ email: "saburo@example.jp", ip: "198.51.100.3", now: now + 100 })).toBeNull();
  });

  it("stops an address that fails over many accounts at the address ceiling (password spraying)", async () => {
    const now = Date.UTC(2026, 10, 22, 4, 0);
    for (let i = 0; i < LIMITS.address.max - 1; i++) await fail(`user${i}@spray.example.jp`, LGWAN(4), 1, now);
    expect(await loginThrottle({ email: "someone@spray.example.jp", ip: LGWAN(4), now: now + 1 })).toBeNull();
    await fail("user-last@spray.example.jp", LGWAN(4), 1, now);
    expect(await loginThrottle({ email: "someone@spray.example.jp", ip: LGWAN(4), now: now + 1 })).toBe("address");
    expect(await loginThrottle({ email: "someone@spray.example.jp", ip: LGWAN(5), now: now + 1 })).toBeNull();
  });

  it("counts the address ceiling per consortium: failures in one never lock out another's people behind the same address", async () => {
    const now = Date.UTC(2026, 10, 22, 4, 30);
    const PREFECTURE_NET = LGWAN(40); // one exit address for the people of two consortia
    for (let i = 0; i < LIMITS.address.max; i++) await recordLoginFailure({ email: `a${i}@one.example.jp`, ip: PREFECTURE_NET, consortiumIds: [1], now });
    expect(await loginThrottle({ email: "someone@one.example.jp", ip: PREFECTURE_NET, consortiumIds: [1], now: now + 1 })).toBe("address");
    // A person of consortium 2, and a person of both, each as their account's consortia say.
    expect(await loginThrottle({ email: "someone@two.example.jp", ip: PREFECTURE_NET, consortiumIds: [2], now: now + 1 })).toBeNull();
    expect(await loginThrottle({ email: "both@example.jp", ip: PREFECTURE_NET, consortiumIds: [1, 2], now: now + 1 })).toBe("address");
    // Attempts that name no account have their own count.
    expect(await loginThrottle({ email: "nobody@example.jp", ip: PREFECTURE_NET, now: now + 1 })).toBeNull();
  });

  it("stops an account guessed from many addresses at the account ceiling", async () => {
    const now = Date.UTC(2026, 10, 22, 5, 0);
    for (let i = 0; i < LIMITS.account.max - 1; i++) await fail("shiro@example.jp", `192.0.2.${i}`, 1, now);
    expect(await loginThrottle({ email: "shiro@example.jp", ip: LGWAN(6), now: now + 1 })).toBeNull();
    await fail("shiro@example.jp", "192.0.2.250", 1, now);
    expect(await loginThrottle({ email: "shiro@example.jp", ip: LGWAN(6), now: now + 1 })).toBe("account");
  });

  it("a successful sign-in clears the pair's counter, not the account's or the address's", async () => {
    const now = Date.now();
    await fail("goro@example.jp", LGWAN(7), LIMITS.pair.max, now);
    for (let i = 0; i < LIMITS.address.max - LIMITS.pair.max; i++) await fail(`other${i}@example.jp`, LGWAN(7), 1, now);
    expect(await loginThrottle({ email: "goro@example.jp", ip: LGWAN(7), now: now + 1 })).toBe("pair");
    await clearPairFailures({ email: "Goro@example.jp", ip: LGWAN(7) });
    expect(await loginThrottle({ email: "goro@example.jp", ip: LGWAN(7), now: now + 1 })).toBe("address");
    expect(await loginThrottle({ email: "nobody@example.jp", ip: LGWAN(7), now: now + 1 })).toBe("address");
  });

  it("clearing the account (after a reset) lifts its pairs and its ceiling, not the address's counter", async () => {
    const now = Date.now();
    for (let i = 0; i < LIMITS.account.max; i++) await fail("rokuro@example.jp", `192.0.2.${100 + (i % 5)}`, 1, now);
    await fail("rokuro@example.jp", LGWAN(8), LIMITS.pair.max, now);
    await fail("rokuro-other@example.jp", LGWAN(8), LIMITS.pair.max, now);
    expect(await loginThrottle({ email: "rokuro@example.jp", ip: LGWAN(9), now: now + 20 })).toBe("account");
    await write((tx) => clearAccountThrottle(tx, "ROKURO@example.jp"));
    expect(await loginThrottle({ email: "rokuro@example.jp", ip: LGWAN(8), now: now + 20 })).toBeNull();
    expect(await loginThrottle({ email: "rokuro@example.jp", ip: LGWAN(9), now: now + 20 })).toBeNull();
    // Another account whose e-mail starts the same is untouched.
    expect(await loginThrottle({ email: "rokuro-other@example.jp", ip: LGWAN(8), now: now + 20 })).toBe("pair");
  });
});

describe("reset e-mail requests", () => {
  it("are limited per e-mail address, whether or not it is registered, and per network address", async () => {
    const now = Date.UTC(2026, 10, 22, 6, 0);
    for (let i = 0; i < LIMITS.resetAccount.max; i++) expect(await takeResetRequest({ email: "hachi@example.jp", ip: `192.0.2.${i}`, now })).toBe(true);
    expect(await takeResetRequest({ email: "Hachi@example.jp", ip: "192.0.2.99", now })).toBe(false);
    expect(await takeResetRequest({ email: "hachi@example.jp", ip: "192.0.2.99", now: now + LIMITS.resetAccount.windowMs + 1 })).toBe(true);

    for (let i = 0; i < LIMITS.resetAddress.max; i++) expect(await takeResetRequest({ email: `staff${i}@example.jp`, ip: LGWAN(10), now })).toBe(true);
    expect(await takeResetRequest({ email: "fresh@example.jp", ip: LGWAN(10), now })).toBe(false);
    expect(await takeResetRequest({ email: "fresh@example.jp", ip: LGWAN(11), now })).toBe(true);
  });
});
