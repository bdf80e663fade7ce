// @vitest-environment node
// (esbuild's transform needs Node's own TextEncoder, which jsdom replaces.)
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";
import { SNIPPET } from "../src/snippet";

describe("the stub snippet", () => {
  it("stays under 1 KB minified", async () => {
    const { code } = await transform(SNIPPET, { minify: true });
    expect(new TextEncoder().encode(code).length).toBeLessThanOrEqual(1024);
  });
});
