/**
 * A `Retry-After` header as milliseconds from `now`: either delay-seconds or an
 * HTTP-date (RFC 9110 §10.2.3). Null when absent or unreadable, so the caller falls
 * back to its own backoff; a date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  const text = (value ?? "").trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always ends in GMT; this keeps Date.parse from reading loose text.
  const at = / GMT$/.test(text) ? Date.parse(text) : NaN;
  return at === at ? Math.max(0, at - now) : null;
}
