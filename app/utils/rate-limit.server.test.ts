import { describe, expect, it } from "vitest";
import { db } from "./db.server";
import { clearAccountThrottle, clearPairFailures, LIMITS, loginThrottle, recordLoginFailure, takeResetRequest } from "./rate-limit.server";

// Every test uses its own addresses and accounts, so their counters never meet.
const LGWAN = (n: number) => `203.0.113.${n}`;

function fail(email: string, ip: string, times: number, now: number) {
  for (let i = 0; i < times; i++) recordLoginFailure({ email, ip, now: now + i });
}

describe("sign-in throttling (kept in SQLite)", () => {
  it("stops one account from one address after 10 failures within 10 minutes", () => {
    const now = Date.UTC(2026, 10, 22, 1, 0);
    fail("Taro@Example.jp", LGWAN(1), LIMITS.pair.max - 1, now);
    expect(loginThrottle({ email: "taro@example.jp", ip: LGWAN(1), now: now + 100 })).toBeNull();
    fail("taro@example.jp", LGWAN(1), 1, now + 200);
    expect(loginThrottle({ email: "taro@example.jp", ip: LGWAN(1), now: now + 300 })).toBe("pair");
    // After the window the pair may try again.
    expect(loginThrottle({ email: "taro@example.jp", ip: LGWAN(1), now: now + 200 + LIMITS.pair.windowMs + 1 })).toBeNull();
  });

  it("a colleague behind the same shared address is not stopped by someone else's failures", () => {
    const now = Date.UTC(2026, 10, 22, 2, 0);
    fail("jiro@example.jp", LGWAN(2), LIMITS.pair.max, now);
    expect(loginThrottle({ email: "jiro@example.jp", ip: LGWAN(2), now: now + 100 })).toBe("pair");
    expect(loginThrottle({ email: "hanako@example.jp", ip: LGWAN(2), now: now + 100 })).toBeNull();
  });

  it("the owner of a throttled account still comes in from another address", () => {
    const now = Date.UTC(2026, 10, 22, 3, 0);
    fail("saburo@example.jp", LGWAN(3), LIMITS.pair.max, now);
    expect(loginThrottle({ email: "saburo@example.jp", ip: "198.51.100.3", now: now + 100 })).toBeNull();
  });

  it("stops an address that fails over many accounts at the address ceiling (password spraying)", () => {
    const now = Date.UTC(2026, 10, 22, 4, 0);
    for (let i = 0; i < LIMITS.address.max - 1; i++) fail(`user${i}@spray.example.jp`, LGWAN(4), 1, now);
    expect(loginThrottle({ email: "someone@spray.example.jp", ip: LGWAN(4), now: now + 1 })).toBeNull();
    fail("user-last@spray.example.jp", LGWAN(4), 1, now);
    expect(loginThrottle({ email: "someone@spray.example.jp", ip: LGWAN(4), now: now + 1 })).toBe("address");
    expect(loginThrottle({ email: "someone@spray.example.jp", ip: LGWAN(5), now: now + 1 })).toBeNull();
  });

  it("stops an account guessed from many addresses at the account ceiling", () => {
    const now = Date.UTC(2026, 10, 22, 5, 0);
    for (let i = 0; i < LIMITS.account.max - 1; i++) fail("shiro@example.jp", `192.0.2.${i}`, 1, now);
    expect(loginThrottle({ email: "shiro@example.jp", ip: LGWAN(6), now: now + 1 })).toBeNull();
    fail("shiro@example.jp", "192.0.2.250", 1, now);
    expect(loginThrottle({ email: "shiro@example.jp", ip: LGWAN(6), now: now + 1 })).toBe("account");
  });

  it("a successful sign-in clears the pair's counter, not the account's or the address's", () => {
    const now = Date.now();
    fail("goro@example.jp", LGWAN(7), LIMITS.pair.max, now);
    for (let i = 0; i < LIMITS.address.max - LIMITS.pair.max; i++) fail(`other${i}@example.jp`, LGWAN(7), 1, now);
    expect(loginThrottle({ email: "goro@example.jp", ip: LGWAN(7), now: now + 1 })).toBe("pair");
    clearPairFailures({ email: "Goro@example.jp", ip: LGWAN(7) });
    expect(loginThrottle({ email: "goro@example.jp", ip: LGWAN(7), now: now + 1 })).toBe("address");
    expect(loginThrottle({ email: "nobody@example.jp", ip: LGWAN(7), now: now + 1 })).toBe("address");
  });

  it("clearing the account (after a reset) lifts its pairs and its ceiling, not the address's counter", () => {
    const now = Date.now();
    for (let i = 0; i < LIMITS.account.max; i++) fail("rokuro@example.jp", `192.0.2.${100 + (i % 5)}`, 1, now);
    fail("rokuro@example.jp", LGWAN(8), LIMITS.pair.max, now);
    fail("rokuro-other@example.jp", LGWAN(8), LIMITS.pair.max, now);
    expect(loginThrottle({ email: "rokuro@example.jp", ip: LGWAN(9), now: now + 20 })).toBe("account");
    clearAccountThrottle(db, "ROKURO@example.jp");
    expect(loginThrottle({ email: "rokuro@example.jp", ip: LGWAN(8), now: now + 20 })).toBeNull();
    expect(loginThrottle({ email: "rokuro@example.jp", ip: LGWAN(9), now: now + 20 })).toBeNull();
    // Another account whose e-mail starts the same is untouched.
    expect(loginThrottle({ email: "rokuro-other@example.jp", ip: LGWAN(8), now: now + 20 })).toBe("pair");
  });
});

describe("reset e-mail requests", () => {
  it("are limited per e-mail address, whether or not it is registered, and per network address", () => {
    const now = Date.UTC(2026, 10, 22, 6, 0);
    for (let i = 0; i < LIMITS.resetAccount.max; i++) expect(takeResetRequest({ email: "hachi@example.jp", ip: `192.0.2.${i}`, now })).toBe(true);
    expect(takeResetRequest({ email: "Hachi@example.jp", ip: "192.0.2.99", now })).toBe(false);
    expect(takeResetRequest({ email: "hachi@example.jp", ip: "192.0.2.99", now: now + LIMITS.resetAccount.windowMs + 1 })).toBe(true);

    for (let i = 0; i < LIMITS.resetAddress.max; i++) expect(takeResetRequest({ email: `staff${i}@example.jp`, ip: LGWAN(10), now })).toBe(true);
    expect(takeResetRequest({ email: "fresh@example.jp", ip: LGWAN(10), now })).toBe(false);
    expect(takeResetRequest({ email: "fresh@example.jp", ip: LGWAN(11), now })).toBe(true);
  });
});
