import { describe, expect, it } from "vitest";
import { isSafeMethod, isSameOrigin } from "./origin.server";

describe("request origin check", () => {
  const host = "localhost:3000";
  it("accepts a POST from our own page", () => {
    expect(isSameOrigin({ origin: "http://localhost:3000", host }, "http")).toBe(true);
    expect(isSameOrigin({ referer: "http://localhost:3000/login", host }, "http")).toBe(true);
  });
  it("refuses another site, a scheme mismatch, and a request with neither Origin nor Referer", () => {
    expect(isSameOrigin({ origin: "https://evil.example", host }, "http")).toBe(false);
    expect(isSameOrigin({ origin: "https://localhost:3000", host }, "http")).toBe(false);
    expect(isSameOrigin({ origin: "null", referer: null, host }, "http")).toBe(false);
    expect(isSameOrigin({ host }, "http")).toBe(false);
    expect(isSameOrigin({ referer: "not a url", host }, "http")).toBe(false);
  });
  it("accepts configured extra origins (behind a proxy)", () => {
    expect(isSameOrigin({ origin: "https://renkei.example.lg.jp", host }, "http", ["https://renkei.example.lg.jp"])).toBe(true);
  });
  it("only GET, HEAD and OPTIONS are safe", () => {
    expect(isSafeMethod("get")).toBe(true);
    expect(isSafeMethod("POST")).toBe(false);
    expect(isSafeMethod("DELETE")).toBe(false);
  });
});
