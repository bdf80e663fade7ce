// Small statistics the results screen draws; the server does the tests (services/stats.py).

/** Wilson score interval of a proportion at 95%: stays inside [0, 1], sane for small n. */
export function wilson(successes: number, n: number, z = 1.959964): [number, number] | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
