import { describe, expect, it } from "vitest";
import { uuid } from "../src/core/uuid";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuid", () => {
  it("uses crypto.randomUUID where the context is secure", () => {
    expect(uuid({ randomUUID: () => "11111111-1111-4111-8111-111111111111" })).toBe("11111111-1111-4111-8111-111111111111");
  });

  it("builds a v4 UUID from getRandomValues in non-secure contexts (plain http)", () => {
    const getRandomValues = <T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).fill(255);
      return array;
    };
    expect(uuid({ getRandomValues } as Partial<Crypto>)).toMatch(V4);
  });

  it("still makes a v4 UUID without any crypto", () => {
    expect(uuid({})).toMatch(V4);
  });

  it("does not repeat", () => {
    expect(new Set(Array.from({ length: 1000 }, () => uuid({}))).size).toBe(1000);
  });
});
