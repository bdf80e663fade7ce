import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Page rules and previews come from the SDK's own source (scripts/build.mjs: the same alias).
    alias: { "@guidewell/sdk": new URL("../sdk_js/src/esm.ts", import.meta.url).pathname },
  },
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.ts"],
  },
});
