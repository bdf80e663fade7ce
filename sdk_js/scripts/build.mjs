// npm run build: the script-tag bundle and its lazy chunks into
// server/guidewell/static/sdk/ (served at /sdk/v1/), the ES module build with type
// declarations into dist/, and the minified stub into dist/snippet.min.js.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { minify } from "terser";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const served = resolve(root, "../server/guidewell/static/sdk");
// chunk → the kinds it renders (src/chunks/<chunk>.ts)
export const CHUNKS = { hotspot: ["hotspot"], panels: ["announcement", "questionnaire", "checklist"] };
const SNIPPET_MAX_BYTES = 1024;

const common = {
  bundle: true,
  minify: true,
  target: "es2020",
  legalComments: "none",
  write: false,
  metafile: true,
  logLevel: "warning",
};

// The modules chunks share with the core, and the names they share: src/ui/kit.ts.
const kitFile = join(root, "src/ui/kit.ts");
const kitExports = [...readFileSync(kitFile, "utf8").matchAll(/export \{([^}]+)\} from "(\.[^"]+)"/g)];
const kitModules = new Set(kitExports.map((m) => resolve(dirname(kitFile), m[2]) + ".ts"));
const kitNames = new Set(kitExports.flatMap((m) => m[1].split(",").map((name) => name.trim())));

/** Names a chunk's sources import from kit modules that the kit does not export. */
function missingKitNames(inputs) {
  const missing = [];
  for (const input of inputs) {
    const source = readFileSync(join(root, input), "utf8");
    for (const m of source.matchAll(/import \{([^}]+)\} from "(\.[^"]+)"/g)) {
      if (!kitModules.has(resolve(root, dirname(input), m[2]) + ".ts")) continue;
      for (const part of m[1].split(",")) {
        const name = part.trim();
        if (name && !name.startsWith("type ") && !kitNames.has(name)) missing.push(`${name} (${input})`);
      }
    }
  }
  return missing;
}

/** In a chunk, the shared modules come from the core at run time (window.guidewell._k). */
const kitPlugin = {
  name: "guidewell-kit",
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      const file = resolve(args.resolveDir, args.path) + ".ts";
      if (kitModules.has(file)) return { path: "kit", namespace: "gw-kit" };
      return undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "gw-kit" }, () => ({
      contents: "module.exports = window.guidewell._k",
      loader: "js",
    }));
  },
};

/**
 * esbuild bundles and minifies; terser then takes ~3% more off the served files
 * (its default, safe compressions over several passes), which the 12 KB budget needs.
 * unsafe_arrows turns function expressions into arrows: safe here, as the SDK never
 * calls `new` on a function of its own (only on built-ins) nor reads their prototype.
 */
async function squeeze(code) {
  const result = await minify(code, { ecma: 2020, compress: { passes: 2, unsafe_arrows: true }, format: { comments: false } });
  return result.code;
}

const inputsOf = (result) => Object.keys(Object.values(result.metafile.outputs)[0].inputs);
const hash = (text) => createHash("sha256").update(text).digest("hex").slice(0, 8);

async function buildCore(chunks) {
  return esbuild.build({
    ...common,
    entryPoints: [join(root, "src/index.ts")],
    format: "iife",
    define: { __GW_CHUNKS__: JSON.stringify(chunks) },
  });
}

/**
 * The builder (src/builder/): loaded only when a builder or preview link opens the
 * page, so it is outside the size budgets and carries its own copies of what it
 * shares with the core rather than tying their internals together.
 */
async function buildBuilder() {
  const result = await esbuild.build({ ...common, entryPoints: [join(root, "src/builder/index.ts")], format: "iife" });
  const code = await squeeze(result.outputFiles[0].text);
  const name = `guidewell-builder.${hash(code)}.js`;
  writeFileSync(join(served, name), code);
  return name;
}

async function main() {
  rmSync(dist, { recursive: true, force: true });
  rmSync(served, { recursive: true, force: true });
  mkdirSync(served, { recursive: true });
  mkdirSync(dist, { recursive: true });

  // 1. The chunks, named by content hash (the server caches every file but
  //    guidewell.js as immutable). None may bundle a module the core already has.
  const coreInputs = new Set(inputsOf(await buildCore({})));
  const chunks = {};
  const files = {};
  for (const [chunk, kinds] of Object.entries(CHUNKS)) {
    const result = await esbuild.build({
      ...common,
      entryPoints: [join(root, `src/chunks/${chunk}.ts`)],
      format: "iife",
      plugins: [kitPlugin],
    });
    const inputs = inputsOf(result).filter((input) => !input.startsWith("gw-kit:"));
    const missing = missingKitNames(inputs);
    if (missing.length) throw new Error(`the ${chunk} chunk imports names src/ui/kit.ts does not export: ${missing.join(", ")}`);
    const duplicated = inputs.filter((input) => coreInputs.has(input));
    if (duplicated.length) {
      throw new Error(`the ${chunk} chunk bundles core modules again: ${duplicated.join(", ")}; export them from src/ui/kit.ts`);
    }
    const code = await squeeze(result.outputFiles[0].text);
    const name = `guidewell.${chunk}.${hash(code)}.js`;
    writeFileSync(join(served, name), code);
    files[chunk] = name;
    for (const kind of kinds) chunks[kind] = name;
  }

  // 2. The core, which knows the chunks' names.
  // The builder loads like a chunk (core/lazy.ts) under the name "builder".
  const builder = await buildBuilder();
  const core = await buildCore({ ...chunks, builder });
  writeFileSync(join(served, "guidewell.js"), await squeeze(core.outputFiles[0].text));
  writeFileSync(join(dist, "chunks.json"), JSON.stringify({ core: "guidewell.js", ...files }, null, 2) + "\n");
  writeFileSync(join(dist, "builder.json"), JSON.stringify({ builder }, null, 2) + "\n");

  // 3. The ES module build (every kind bundled, readable) and its declarations.
  await esbuild.build({
    ...common,
    minify: false,
    write: true,
    metafile: false,
    entryPoints: [join(root, "src/esm.ts")],
    format: "esm",
    sourcemap: true,
    outfile: join(dist, "guidewell.mjs"),
  });
  execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });

  // 4. The stub snippet, minified, under its budget.
  const snippetModule = await esbuild.build({ ...common, minify: false, entryPoints: [join(root, "src/snippet.ts")], format: "esm" });
  const { SNIPPET } = await import("data:text/javascript," + encodeURIComponent(snippetModule.outputFiles[0].text));
  const minified = (await esbuild.transform(SNIPPET, { minify: true })).code.trim();
  if (Buffer.byteLength(minified) > SNIPPET_MAX_BYTES) {
    throw new Error(`the stub snippet is ${Buffer.byteLength(minified)} bytes minified, over ${SNIPPET_MAX_BYTES}`);
  }
  writeFileSync(join(dist, "snippet.min.js"), minified + "\n");

  console.log(`built ${relative(root, served)}/ (guidewell.js + ${Object.keys(CHUNKS).length} chunks + the builder) and ${relative(root, dist)}/`);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
