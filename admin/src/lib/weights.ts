// Experiment weights are basis points (1/100 of a percent) summing to 10000; the
// editor shows them as percentages with up to two decimals.
export const TOTAL_BP = 10_000;

/** 4500 → "45", 3333 → "33.33". */
export function bpToPercent(bp: number): string {
  return String(Math.round(bp) / 100);
}

/** "33.33" → 3333; null for anything that is not a percentage from 0 to 100 with at most two decimals. */
export function percentToBp(text: string): number | null {
  const clean = text.trim().replace(",", ".").replace(/%$/, "").trim();
  if (!/^\d{1,3}(\.\d{0,2})?$/.test(clean) && !/^\.\d{1,2}$/.test(clean)) return null;
  const bp = Math.round(Number(clean) * 100);
  return bp >= 0 && bp <= TOTAL_BP ? bp : null;
}

/** `n` weights as equal as basis points allow; the first ones take the remainder. */
export function splitEvenly(n: number): number[] {
  if (n <= 0) return [];
  const base = Math.floor(TOTAL_BP / n);
  const extra = TOTAL_BP - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
}

export function totalBp(weights: number[]): number {
  return weights.reduce((sum, weight) => sum + weight, 0);
}

/** What is wrong with a set of weights, in words, or null. */
export function weightsProblem(weights: number[]): string | null {
  const total = totalBp(weights);
  if (total === TOTAL_BP) return null;
  return `Weights add up to ${bpToPercent(total)}%; they must add up to 100%.`;
}
