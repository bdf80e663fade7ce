import { describe, expect, it } from "vitest";
import {
  Api,
  ConflictError,
  errorsAt,
  errorsUnder,
  ForbiddenError,
  isUnder,
  NetworkError,
  NotFoundError,
  parsePath,
  RateLimitError,
  toApiError,
  UnauthorizedError,
  ValidationError,
  withoutErrors,
} from "../src/api";

const validation = {
  error: {
    code: "validation_error",
    message: "Invalid input: content.steps[2].target: Required when advance_on is \"click\".",
    fields: { "content.steps[2].target": ['Required when advance_on is "click".'], "content.steps[0].title": ["Too long."] },
  },
};

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

describe("toApiError", () => {
  it("maps a 400 with fields to a ValidationError keeping every path", () => {
    const error = toApiError(400, validation);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe("validation_error");
    expect(error.fields["content.steps[2].target"]).toEqual(['Required when advance_on is "click".']);
    expect(Object.keys(error.fields)).toHaveLength(2);
  });

  it.each([
    [401, UnauthorizedError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
  ])("maps status %i to its own class", (status, kind) => {
    const error = toApiError(status, { error: { code: "x", message: "Nope." } });
    expect(error).toBeInstanceOf(kind);
    expect(error.message).toBe("Nope.");
  });

  it("reads Retry-After on a 429", () => {
    const error = toApiError(429, { error: { code: "too_many_requests", message: "Slow down." } }, "30");
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(30);
  });

  it("still gives a message when the body is not the error shape (a proxy's 502 page)", () => {
    const error = toApiError(502, null);
    expect(error.code).toBe("http_502");
    expect(error.message).toMatch(/server failed/);
    expect(error.fields).toEqual({});
  });
});

describe("field paths", () => {
  it("parses a dotted, indexed path", () => {
    expect(parsePath("content.steps[2].buttons[0].url")).toEqual(["content", "steps", 2, "buttons", 0, "url"]);
  });

  it("knows which paths lie inside a prefix", () => {
    expect(isUnder("content.steps[2].target", "content.steps[2]")).toBe(true);
    expect(isUnder("content.steps[2]", "content.steps[2]")).toBe(true);
    expect(isUnder("content.steps[20].target", "content.steps[2]")).toBe(false);
    expect(isUnder("targeting.audience_x", "targeting.audience")).toBe(false);
  });

  it("selects and removes errors by prefix", () => {
    const fields = toApiError(400, validation).fields;
    expect(Object.keys(errorsUnder(fields, "content.steps[2]"))).toEqual(["content.steps[2].target"]);
    expect(errorsAt(fields, "content.steps[0].title")).toEqual(["Too long."]);
    expect(Object.keys(withoutErrors(fields, "content.steps[2]"))).toEqual(["content.steps[0].title"]);
  });
});

describe("Api.request", () => {
  it("sends the CSRF token on writes and not on reads", async () => {
    const { fn, calls } = fakeFetch(200, { ok: true });
    const client = new Api("/api/v1", fn);
    client.csrf = "tok";
    await client.get("/projects");
    await client.post("/projects", { name: "x" });
    const headers = calls.map((c) => c.init.headers as Record<string, string>);
    expect(headers[0]["X-CSRF-Token"]).toBeUndefined();
    expect(headers[1]["X-CSRF-Token"]).toBe("tok");
    expect(calls[1].init.credentials).toBe("same-origin");
  });

  it("throws the typed error with the server's fields", async () => {
    const client = new Api("/api/v1", fakeFetch(400, validation).fn);
    const error = (await client.patch("/projects/1/flows/2", {}).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fields["content.steps[2].target"]).toHaveLength(1);
  });

  it("tells the app about a 401 so it can show the login screen", async () => {
    const client = new Api("/api/v1", fakeFetch(401, { error: { code: "login_required", message: "Log in." } }).fn);
    let told = 0;
    client.onUnauthorized = () => told++;
    await expect(client.get("/auth/me")).rejects.toBeInstanceOf(UnauthorizedError);
    expect(told).toBe(1);
  });

  it("turns a failed fetch into a NetworkError", async () => {
    const client = new Api("/api/v1", (async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch);
    await expect(client.get("/projects")).rejects.toBeInstanceOf(NetworkError);
  });

  it("fetches a fresh CSRF token once when the server says the token is stale", async () => {
    const answers = [
      [403, { error: { code: "csrf_failed", message: "Bad token." } }],
      [200, { csrf_token: "fresh", account: {}, projects: [] }],
      [201, { id: 9 }],
    ] as const;
    const sent: string[] = [];
    let i = 0;
    const fn = (async (_url: string, init: RequestInit) => {
      sent.push((init.headers as Record<string, string>)["X-CSRF-Token"] ?? "-");
      const [status, body] = answers[i++];
      return new Response(JSON.stringify(body), { status });
    }) as unknown as typeof fetch;
    const client = new Api("/api/v1", fn);
    client.csrf = "old";
    expect(await client.post("/projects", { name: "x" })).toEqual({ id: 9 });
    expect(sent).toEqual(["old", "-", "fresh"]);
  });

  it("answers undefined for a 204", async () => {
    const client = new Api("/api/v1", fakeFetch(204, undefined).fn);
    expect(await client.delete("/projects/1/flows/3")).toBeUndefined();
  });
});
