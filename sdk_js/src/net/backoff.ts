export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * How long to wait before retry number `attempt` (1 for the first retry): the delay
 * doubles each time up to a cap, and a random half of it is jitter ("equal jitter"),
 * so that the SDKs of many users do not come back at the same instant after an outage.
 */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
