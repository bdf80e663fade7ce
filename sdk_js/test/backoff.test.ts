import { describe, expect, it } from "vitest";
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoff } from "../src/net/backoff";

describe("backoff", () => {
  it("waits between half and all of the base delay before the first retry", () => {
    expect(backoff(1, () => 0)).toBe(BACKOFF_BASE_MS / 2);
    expect(backoff(1, () => 1)).toBe(BACKOFF_BASE_MS);
  });

  it("doubles the ceiling with every attempt", () => {
    expect([1, 2, 3, 4].map((attempt) => backoff(attempt, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it("never waits longer than the cap, however many attempts failed", () => {
    expect(backoff(50, () => 1)).toBe(BACKOFF_CAP_MS);
  });

  it("spreads retries with jitter: different random draws give different delays", () => {
    expect(backoff(3, () => 0.1)).not.toBe(backoff(3, () => 0.9));
  });
});
