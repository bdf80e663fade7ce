// npm run build: the admin app into server/guidewell/static/admin/ (served at /admin/):
// index.html plus content-hashed JS and CSS under assets/. The SDK's renderer and
// page-rule matcher come from its source through the "@guidewell/sdk" alias, so the
// preview is the live renderer, not a copy. Fails when the gzip size passes the budget.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(root, "../server/guidewell/static/admin");
const assets = join(out, "assets");
// JS + CSS, gzip -9, 1 KB = 1,000 bytes. Preact ~5 KB, uPlot ~21 KB, the SDK's
// renderers ~15 KB; the rest is the app.
const BUDGET_KB = 120;

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: join(root, "src/main.tsx") },
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  jsx: "automatic",
  jsxImportSource: "preact",
  alias: { "@guidewell/sdk": resolve(root, "../sdk_js/src/esm.ts") },
  entryNames: "[name].[hash]",
  outdir: assets,
  metafile: true,
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
});

const outputs = Object.keys(result.metafile.outputs).filter((file) => !file.endsWith(".map"));
const js = outputs.find((file) => file.endsWith(".js"));
const css = outputs.find((file) => file.endsWith(".css"));
const href = (file) => `/admin/assets/${basename(file)}`;

const html = readFileSync(join(root, "src/index.html"), "utf8")
  .replace("<!--css-->", css ? `<link rel="stylesheet" href="${href(css)}">` : "")
  .replace("<!--js-->", `<script type="module" src="${href(js)}"></script>`);
writeFileSync(join(out, "index.html"), html);

let total = 0;
for (const file of [js, css].filter(Boolean)) {
  const size = gzipSync(readFileSync(resolve(root, file)), { level: 9 }).length;
  total += size;
  console.log(`${basename(file).padEnd(28)} ${(size / 1000).toFixed(1).padStart(6)} KB gzip`);
}
console.log(`${"total".padEnd(28)} ${(total / 1000).toFixed(1).padStart(6)} KB gzip (budget ${BUDGET_KB} KB)`);
if (total > BUDGET_KB * 1000) {
  console.error(`admin bundle is over its ${BUDGET_KB} KB budget`);
  process.exit(1);
}
