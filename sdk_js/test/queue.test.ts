import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { store } from "../src/core/storage";
import { eventQueue, type Entry } from "../src/net/queue";
import type { Reply, Transport } from "../src/net/transport";
import type { SdkEvent } from "../src/types";

const USER = { anonymous_id: "anon-0001" };
let serial = 0;
const entry = (user = USER): Entry => ({
  e: { id: `00000000-0000-4000-8000-${String(++serial).padStart(12, "0")}`, type: "track", ts: 1, name: "x" } as SdkEvent,
  u: user,
});

/** A server double: answers with `replies` in turn (the last one forever) and records each batch. */
function fakeTransport(...replies: Partial<Reply>[]) {
  const batches: { user: unknown; events: SdkEvent[] }[] = [];
  const beacons: SdkEvent[][] = [];
  const transport: Transport = {
    post: vi.fn(async (_path: string, body: any) => {
      batches.push({ user: body.user, events: body.events });
      const reply = replies.length > 1 ? replies.shift()! : replies[0];
      return { status: 200, body: {}, retryAfter: null, ...reply };
    }),
    beacon: vi.fn((_path: string, body: any) => {
      beacons.push(body.events);
      return true;
    }),
  };
  return { transport, batches, beacons };
}

const makeQueue = (transport: Transport, max?: number) =>
  eventQueue({ key: "gw_pub_test", transport, store: store("localStorage"), log: () => {}, max, random: () => 0.5 });

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("batching", () => {
  it("sends nothing until started, then what was queued before", async () => {
    const { transport, batches } = fakeTransport({});
    const queue = makeQueue(transport);
    queue.push(entry());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(batches).toHaveLength(0);
    queue.start();
    await settle();
    expect(batches).toHaveLength(1);
  });

  it("sends a batch as soon as batch_size events are queued", async () => {
    const { transport, batches } = fakeTransport({});
    const queue = makeQueue(transport);
    queue.start({ flush_interval_ms: 60_000, batch_size: 3 });
    for (let i = 0; i < 3; i++) queue.push(entry());
    await settle();
    expect(batches.map((batch) => batch.events.length)).toEqual([3]);
  });

  it("sends a partial batch once flush_interval_ms has passed", async () => {
    const { transport, batches } = fakeTransport({});
    const queue = makeQueue(transport);
    queue.start({ flush_interval_ms: 5000, batch_size: 20 });
    queue.push(entry());
    await vi.advanceTimersByTimeAsync(4999);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toHaveLength(1);
  });

  it("never mixes two users in one batch", async () => {
    const { transport, batches } = fakeTransport({});
    const queue = makeQueue(transport);
    queue.push(entry({ anonymous_id: "anon-0001" }));
    queue.push(entry({ anonymous_id: "anon-0002" }));
    queue.start();
    await settle();
    expect(batches.map((batch) => batch.user)).toEqual([{ anonymous_id: "anon-0001" }, { anonymous_id: "anon-0002" }]);
  });

  it("drains a backlog in requests of at most 100 events", async () => {
    const { transport, batches } = fakeTransport({});
    const queue = makeQueue(transport);
    for (let i = 0; i < 250; i++) queue.push(entry());
    queue.start();
    await settle();
    expect(batches.map((batch) => batch.events.length)).toEqual([100, 100, 50]);
  });
});

describe("persistence", () => {
  it("keeps undelivered events across a reload (a new queue on the same storage)", async () => {
    const down = fakeTransport({ status: 0 });
    const before = makeQueue(down.transport);
    before.start();
    const sent = entry();
    before.push(sent);
    await settle();
    const up = fakeTransport({});
    const after = makeQueue(up.transport);
    after.start();
    await settle();
    expect(up.batches[0].events.map((event) => event.id)).toEqual([sent.e.id]);
  });

  it("forgets events once the server has them", async () => {
    const { transport } = fakeTransport({});
    const queue = makeQueue(transport);
    queue.start();
    queue.push(entry());
    await vi.advanceTimersByTimeAsync(5000);
    expect(queue.size()).toBe(0);
  });

  it("holds at most `max` events, dropping the oldest", () => {
    const { transport } = fakeTransport({});
    const queue = makeQueue(transport, 3);
    const entries = [entry(), entry(), entry(), entry(), entry()];
    entries.forEach((e) => queue.push(e));
    const kept = (JSON.parse(localStorage.getItem("gw_q:gw_pub_test")!) as Entry[]).map((x) => x.e.id);
    expect(kept).toEqual(entries.slice(2).map((x) => x.e.id));
  });

  it("ignores a damaged stored queue instead of failing", async () => {
    localStorage.setItem("gw_q:gw_pub_test", '{"not": "a list"}');
    const { transport, batches } = fakeTransport({});
    const queue = makeQueue(transport);
    queue.start();
    queue.push(entry());
    await vi.advanceTimersByTimeAsync(5000);
    expect(batches[0].events).toHaveLength(1);
  });
});

describe("retries", () => {
  it.each([0, 500, 503, 429])("keeps the batch and retries after status %i", async (status) => {
    const { transport, batches } = fakeTransport({ status }, {});
    const queue = makeQueue(transport);
    queue.start();
    queue.push(entry());
    await vi.advanceTimersByTimeAsync(5000);
    expect(batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000); // backoff(1) with random 0.5: 750 ms
    expect(batches).toHaveLength(2);
    expect(queue.size()).toBe(0);
  });

  it("waits as long as Retry-After says", async () => {
    const { transport, batches } = fakeTransport({ status: 429, retryAfter: 30_000 }, {});
    const queue = makeQueue(transport);
    queue.start();
    queue.push(entry());
    await vi.advanceTimersByTimeAsync(5000);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toHaveLength(2);
  });

  it("backs off longer after each failure", async () => {
    const { transport, batches } = fakeTransport({ status: 503 });
    const queue = makeQueue(transport);
    queue.start();
    queue.push(entry());
    await vi.advanceTimersByTimeAsync(5000);
    const times: number[] = [];
    let last = batches.length;
    for (let t = 0; t < 20_000; t += 50) {
      await vi.advanceTimersByTimeAsync(50);
      if (batches.length > last) {
        times.push(t);
        last = batches.length;
      }
    }
    const gaps = times.map((t, i) => t - (times[i - 1] ?? 0));
    expect(gaps.slice(1).every((gap, i) => gap > gaps[i])).toBe(true);
  });

  it("drops a batch the server refuses with a 4xx: resending cannot fix it", async () => {
    const { transport, batches } = fakeTransport({ status: 400 });
    const queue = makeQueue(transport);
    queue.start();
    queue.push(entry());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(batches).toHaveLength(1);
    expect(queue.size()).toBe(0);
  });

  it("pauses while the browser is offline and sends when it is back", async () => {
    const online = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    const { transport, batches } = fakeTransport({});
    const queue = makeQueue(transport);
    queue.start();
    queue.push(entry());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(batches).toHaveLength(0);
    online.mockReturnValue(true);
    await queue.flush();
    expect(batches).toHaveLength(1);
  });
});

describe("unload", () => {
  it("hands every queued event to sendBeacon and still keeps them (delivery is never confirmed)", async () => {
    const { transport, beacons } = fakeTransport({ status: 0 });
    const queue = makeQueue(transport);
    queue.start();
    queue.push(entry());
    queue.push(entry());
    await settle();
    queue.unload();
    expect(beacons.flat()).toHaveLength(2);
    expect(queue.size()).toBe(2);
  });

  it("splits beacons under the browsers' 64 KB limit", () => {
    const { transport, beacons } = fakeTransport({ status: 0 });
    const queue = makeQueue(transport);
    const big = (): Entry => ({ ...entry(), e: { ...entry().e, props: { text: "x".repeat(5000) } } });
    for (let i = 0; i < 30; i++) queue.push(big());
    queue.start();
    queue.unload();
    expect(beacons.length).toBeGreaterThan(1);
    expect(Math.max(...beacons.map((events) => JSON.stringify(events).length))).toBeLessThan(64_000);
  });
});
