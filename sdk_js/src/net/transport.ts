import { parseRetryAfter } from "./retry-after";

export interface Reply {
  /** 0 for a network error (offline, server down, CORS refusal). */
  status: number;
  body: any;
  /** Milliseconds the server asked us to wait (Retry-After), when it did. */
  retryAfter: number | null;
}

export interface Transport {
  post(path: string, body: unknown): Promise<Reply>;
  /** Hands the body to the browser to deliver after the page is gone. */
  beacon(path: string, body: unknown): boolean;
}

/**
 * JSON in a text/plain body, no cookies: a CORS "simple request", so no preflight,
 * and the same body works through `navigator.sendBeacon`.
 */
export function transport(api: string): Transport {
  const url = (path: string): string => api.replace(/\/+$/, "") + "/sdk/v1/" + path;
  return {
    async post(path, body) {
      try {
        const response = await fetch(url(path), {
          method: "POST",
          body: JSON.stringify(body),
          credentials: "omit",
        });
        let json: unknown = null;
        try {
          json = await response.json();
        } catch {
          // an empty or non-JSON error page
        }
        return {
          status: response.status,
          body: json,
          retryAfter: parseRetryAfter(response.headers.get("Retry-After"), Date.now()),
        };
      } catch {
        return { status: 0, body: null, retryAfter: null };
      }
    },
    beacon(path, body) {
      try {
        return navigator.sendBeacon(url(path), JSON.stringify(body));
      } catch {
        return false;
      }
    },
  };
}
