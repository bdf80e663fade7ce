// npm run size: gzip sizes of what the script-tag build serves, against the budgets
// of DESIGN §11. Fails (exit 1) over budget. Run `npm run build` first.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const served = resolve(root, "../server/guidewell/static/sdk");
// Kilobytes of 1,000 bytes: the stricter reading of "12 KB".
const TOUR_BUDGET = 12_000; // what a page downloads to show a tour (core includes the tour)
const TOTAL_BUDGET = 20_000; // every runtime chunk together

let manifest;
try {
  manifest = JSON.parse(readFileSync(join(root, "dist/chunks.json"), "utf8"));
} catch {
  console.error("dist/chunks.json is missing: run `npm run build` first");
  process.exit(1);
}
const gz = (file) => gzipSync(readFileSync(join(served, file)), { level: 9 }).length;
const rows = Object.entries(manifest).map(([name, file]) => [name, file, gz(file)]);
const tour = rows.find(([name]) => name === "core")[2];
const total = rows.reduce((sum, row) => sum + row[2], 0);
const kb = (bytes) => (bytes / 1000).toFixed(2) + " KB";

for (const [name, file, size] of rows) console.log(`${name.padEnd(14)} ${kb(size).padStart(9)}  ${file}`);
console.log(`${"tour (core)".padEnd(14)} ${kb(tour).padStart(9)}  budget ${kb(TOUR_BUDGET)}`);
console.log(`${"all chunks".padEnd(14)} ${kb(total).padStart(9)}  budget ${kb(TOTAL_BUDGET)}`);
// The builder loads only for a PM holding a builder or preview link: outside the budgets.
try {
  const { builder } = JSON.parse(readFileSync(join(root, "dist/builder.json"), "utf8"));
  console.log(`${"builder".padEnd(14)} ${kb(gz(builder)).padStart(9)}  ${builder} (builder mode only; not in the budgets)`);
} catch {
  // built before the builder existed
}
const over = [tour > TOUR_BUDGET && "tour", total > TOTAL_BUDGET && "total"].filter(Boolean);
if (over.length) {
  console.error(`over budget: ${over.join(", ")}`);
  process.exit(1);
}
