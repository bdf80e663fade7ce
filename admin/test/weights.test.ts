import { describe, expect, it } from "vitest";
import { bpToPercent, percentToBp, splitEvenly, totalBp, weightsProblem } from "../src/lib/weights";

describe("weights", () => {
  it("shows basis points as percentages", () => {
    expect(bpToPercent(4500)).toBe("45");
    expect(bpToPercent(3333)).toBe("33.33");
    expect(bpToPercent(1)).toBe("0.01");
    expect(bpToPercent(10000)).toBe("100");
  });

  it("reads percentages back as basis points", () => {
    expect(percentToBp("45")).toBe(4500);
    expect(percentToBp("33.33")).toBe(3333);
    expect(percentToBp(" 12,5 % ")).toBe(1250);
    expect(percentToBp(".5")).toBe(50);
  });

  it("refuses what is not a percentage with two decimals at most", () => {
    for (const text of ["", "abc", "101", "-5", "33.333", "1e2"]) expect(percentToBp(text)).toBeNull();
  });

  it("round-trips every basis point value", () => {
    for (let bp = 0; bp <= 10000; bp += 7) expect(percentToBp(bpToPercent(bp))).toBe(bp);
  });

  it("splits evenly and always sums to 10000", () => {
    expect(splitEvenly(2)).toEqual([5000, 5000]);
    expect(splitEvenly(3)).toEqual([3334, 3333, 3333]);
    for (let n = 1; n <= 10; n++) expect(totalBp(splitEvenly(n))).toBe(10000);
  });

  it("says what is wrong with weights that do not add up", () => {
    expect(weightsProblem([4500, 4500, 1000])).toBeNull();
    expect(weightsProblem([4500, 4500])).toBe("Weights add up to 90%; they must add up to 100%.");
  });
});

describe("rate intervals", async () => {
  const { wilson } = await import("../src/lib/stats");
  it("gives a Wilson interval inside [0, 1] around the observed rate", () => {
    const [low, high] = wilson(73, 780)!;
    expect(low).toBeCloseTo(0.0751, 3);
    expect(high).toBeCloseTo(0.1161, 3);
    expect(wilson(0, 10)![0]).toBe(0);
    expect(wilson(10, 10)![1]).toBeCloseTo(1, 10);
    expect(wilson(0, 0)).toBeNull();
  });
});
