import type { Log } from "../core/log";
import type { Store } from "../core/storage";
import type { SdkEvent, SessionUser } from "../types";
import { backoff } from "./backoff";
import type { Transport } from "./transport";

export type BatchUser = Pick<SessionUser, "id" | "anonymous_id" | "user_hash">;

/** One queued event with the user it belongs to (identify or reset may come before it is sent). */
export interface Entry {
  e: SdkEvent;
  u: BatchUser;
}

export const MAX_QUEUED = 1000;
const MAX_BATCH_EVENTS = 100; // the server's limit per request
const MAX_BATCH_CHARS = 200_000; // under the server's 256 KB, leaving room for the envelope
const MAX_BEACON_CHARS = 60_000; // browsers refuse beacons over 64 KB in flight
const MAX_WAIT_MS = 10 * 60_000;

export interface QueueOptions {
  key: string;
  transport: Transport;
  store: Store;
  log: Log;
  max?: number;
  random?: () => number;
}

/**
 * The event pipeline: batched, persisted, retried.
 *
 * localStorage is the source of truth, read and written on every change, so events
 * survive a reload or a crash and two tabs never overwrite each other's events. Two
 * tabs may send the same event; the server counts an event id once, so resending is
 * always safe and losing is never necessary. For the same reason events handed to
 * `sendBeacon` stay queued: a beacon's delivery is never confirmed.
 */
export function eventQueue({ key, transport, store, log, max = MAX_QUEUED, random }: QueueOptions) {
  const storeKey = "q:" + key;
  let flushMs = 5000;
  let batchSize = 20;
  let started = false;
  let sending = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = (): Entry[] => {
    const list = store.get<Entry[]>(storeKey, []);
    return Array.isArray(list) ? list.filter((entry) => entry?.e && entry.u) : [];
  };
  const save = (list: Entry[]): void => {
    if (list.length > max) log("queue full: dropped the oldest events");
    store.set(storeKey, list.slice(-max));
  };

  const schedule = (ms: number): void => {
    if (!timer && started) timer = setTimeout(flush, ms);
  };

  /** The leading events that can go in one request: one user, within the size limits. */
  const nextBatch = (list: Entry[], limit: number, maxChars: number): Entry[] => {
    const user = JSON.stringify(list[0].u);
    let chars = 0;
    let count = 0;
    for (const entry of list) {
      chars += JSON.stringify(entry.e).length + 1;
      if (count === limit || JSON.stringify(entry.u) !== user || (count && chars > maxChars)) break;
      count++;
    }
    return list.slice(0, count);
  };

  const body = (batch: Entry[]) => ({ key, user: batch[0].u, events: batch.map((entry) => entry.e) });

  async function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const list = load();
    if (!started || sending || !list.length || navigator.onLine === false) return;
    // After an outage the backlog drains in full-size requests, not in batch_size steps.
    const batch = nextBatch(list, list.length > batchSize ? MAX_BATCH_EVENTS : batchSize, MAX_BATCH_CHARS);
    sending = true;
    const { status, body: answer, retryAfter } = await transport.post("events", body(batch));
    sending = false;
    if (!status || status === 429 || status > 499) {
      // Not delivered: keep everything, try again later.
      return schedule(Math.min(retryAfter ?? backoff(++attempt, random), MAX_WAIT_MS));
    }
    attempt = 0;
    // Delivered (rejected events are bad data: resending cannot fix them), or refused
    // as a whole with a 4xx, which resending cannot fix either.
    if (status > 399 || answer?.rejected?.length) log("events refused: " + status, answer);
    const sent = new Set(batch.map((entry) => entry.e.id));
    save(load().filter((entry) => !sent.has(entry.e.id)));
    flush();
  }

  return {
    push(entry: Entry): void {
      const list = load();
      list.push(entry);
      save(list);
      if (list.length >= batchSize) flush();
      else schedule(flushMs);
    },
    /** Starts sending (events pushed before are kept and go first); settings from the session. */
    start(settings?: { flush_interval_ms?: number; batch_size?: number }): void {
      flushMs = settings?.flush_interval_ms ?? flushMs;
      batchSize = Math.min(MAX_BATCH_EVENTS, Math.max(1, settings?.batch_size ?? batchSize));
      started = true;
      flush();
    },
    flush,
    /** The page is going away (pagehide, or hidden: the last sure moment on mobile). */
    unload(): void {
      let list = started ? load() : [];
      while (list.length) {
        const batch = nextBatch(list, MAX_BATCH_EVENTS, MAX_BEACON_CHARS);
        if (!transport.beacon("events", body(batch))) break;
        list = list.slice(batch.length);
      }
    },
    size: (): number => load().length,
  };
}

export type EventQueue = ReturnType<typeof eventQueue>;
