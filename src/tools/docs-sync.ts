/**
 * `npm run docs:sync`: re-renders the generated blocks of the docs from the built-in catalog.
 * `--check` only reports files that are out of date (exit 1), for CI.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyDocBlocks, GENERATED_DOCS } from "./doc-blocks.js";

const root = join(import.meta.dirname, "..", "..");
const check = process.argv.includes("--check");
const stale: string[] = [];
for (const relative of GENERATED_DOCS) {
  const path = join(root, relative);
  const before = readFileSync(path, "utf8");
  const after = applyDocBlocks(before);
  if (after === before) continue;
  stale.push(relative);
  if (!check) writeFileSync(path, after);
}
if (check && stale.length > 0) {
  process.stderr.write(`out of date: ${stale.join(", ")}\nrun: npm run docs:sync\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(
    stale.length ? `updated: ${stale.join(", ")}\n` : "docs are in sync with the catalog\n",
  );
}
