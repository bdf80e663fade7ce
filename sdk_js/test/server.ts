// A fake of the three /sdk/v1 endpoints over `fetch`, recording what the SDK sends.
import { afterEach, vi } from "vitest";
import { createClient, type Client } from "../src/core/client";
import type { Flow, SdkEvent } from "../src/types";
import { renderers } from "../src/ui/kinds";
import { THEME } from "./factories";

export interface FakeServer {
  requests: { path: string; body: any }[];
  /** Every event the client emitted, in order (the on("*") view, no network timing). */
  events: SdkEvent[];
  types(): string[];
  flows: Flow[];
  status: number;
  /** What the session answer says of the fatigue budget (null: no limit). */
  blockingBudget: number | null;
}

const clients: Client[] = [];
afterEach(() => clients.splice(0).forEach((client) => client._stop()));

export function fakeServer(flows: Flow[] = []): FakeServer {
  const server: FakeServer = {
    requests: [],
    events: [],
    types: () => server.events.map((event) => event.type),
    flows,
    status: 200,
    blockingBudget: null,
  };
  vi.spyOn(window, "fetch").mockImplementation(async (url, init) => {
    const path = String(url).split("/sdk/v1/")[1];
    const body = JSON.parse(String(init!.body));
    server.requests.push({ path, body });
    if (server.status !== 200) return new Response("{}", { status: server.status });
    if (path === "events") {
      return Response.json({ accepted: body.events.length, duplicates: 0, rejected: [] });
    }
    return Response.json({
      user: { id: body.user.id ?? null, anonymous_id: body.user.anonymous_id },
      flows: server.flows,
      theme: THEME,
      settings: { flush_interval_ms: 5000, batch_size: 20, blocking_budget: server.blockingBudget },
    });
  });
  return server;
}

/** A started client, ready (session answered); `server.events` collects what it emits. */
export async function startClient(server: FakeServer, before?: (client: Client) => void): Promise<Client> {
  const client = createClient((kind) => renderers[kind]);
  clients.push(client);
  client.on("*", (event: SdkEvent | undefined) => event && server.events.push(event));
  client.init({ key: "gw_pub_test", api: "https://guides.example.com" });
  before?.(client);
  await vi.waitFor(() => {
    if (!client._debug().ready) throw new Error("not ready");
  });
  return client;
}
