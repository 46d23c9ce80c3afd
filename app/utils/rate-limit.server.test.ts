import { describe, expect, it } from "vitest";
import { isLoginBlocked, LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS, loginKeys, recordLoginFailure, clearLoginFailures } from "./rate-limit.server";

describe("sign-in rate limit (kept in SQLite)", () => {
  it("blocks an account after 10 failures within 10 minutes, from any address", () => {
    const now = Date.UTC(2026, 10, 22, 1, 0);
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) recordLoginFailure(loginKeys("Taro@Example.jp", `10.0.0.${i}`), now + i);
    expect(isLoginBlocked(loginKeys("taro@example.jp", "10.0.1.1"), now + 100)).toBe(false);
    recordLoginFailure(loginKeys("taro@example.jp", "10.0.0.99"), now + 200);
    expect(isLoginBlocked(loginKeys("taro@example.jp", "10.0.1.1"), now + 300)).toBe(true);
    // Another account from a fresh address is not affected.
    expect(isLoginBlocked(loginKeys("hanako@example.jp", "10.0.2.1"), now + 300)).toBe(false);
    // After the window the account may try again.
    expect(isLoginBlocked(loginKeys("taro@example.jp", "10.0.1.1"), now + 200 + LOGIN_WINDOW_MS + 1)).toBe(false);
  });

  it("blocks an address that tries many accounts", () => {
    const now = Date.UTC(2026, 10, 22, 2, 0);
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) recordLoginFailure(loginKeys(`user${i}@example.jp`, "192.0.2.7"), now);
    expect(isLoginBlocked(loginKeys("someone@example.jp", "192.0.2.7"), now + 1)).toBe(true);
    expect(isLoginBlocked(loginKeys("someone@example.jp", "192.0.2.8"), now + 1)).toBe(false);
  });

  it("a successful sign-in clears the account's counter but not the address's", () => {
    const now = Date.now();
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) recordLoginFailure(loginKeys("jiro@example.jp", "198.51.100.1"), now);
    clearLoginFailures(loginKeys("jiro@example.jp", "198.51.100.1"));
    expect(isLoginBlocked(loginKeys("jiro@example.jp", "198.51.100.2"), now + 1)).toBe(false);
    expect(isLoginBlocked(loginKeys("other@example.jp", "198.51.100.1"), now + 1)).toBe(true);
  });
});
