import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../src/net/retry-after";

const NOW = Date.parse("2026-11-05T10:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delay-seconds as milliseconds", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
  });

  it("reads an HTTP-date as the time left until it", () => {
    expect(parseRetryAfter("Thu, 05 Nov 2026 10:00:30 GMT", NOW)).toBe(30_000);
  });

  it("treats a date in the past as no wait", () => {
    expect(parseRetryAfter("Thu, 05 Nov 2026 09:00:00 GMT", NOW)).toBe(0);
  });

  it.each([null, "", "soon", "-5", "1.5", "2026-11-05"])("gives null for %j, so the caller backs off itself", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeNull();
  });
});
