/**
 * Runs every benchmark in one go, each in its own process so they do not disturb each other's
 * memory figures. `npm run bench -- gateway` runs just the named ones.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { valgrindVersion } from "./callgrind.js";

const ALL = ["config-load", "cli-startup", "sse-parse", "tool-schema", "gateway"];
// Instruction counts (valgrind) run only when named (`npm run bench -- instructions`): under
// valgrind the gateway takes minutes to start and each round is slow, and its counts do not yet
// agree closely enough from run to run to be part of every benchmark run (docs/benchmarks.md).
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const selected = wanted.length > 0 ? wanted : ALL;
let failed = 0;
if (selected.includes("instructions") && valgrindVersion() === undefined) {
  process.stdout.write(
    "\n(instructions: not run, valgrind is not installed; apt-get install valgrind to count instructions per request)\n",
  );
  selected.splice(selected.indexOf("instructions"), 1);
}
for (const name of selected) {
  const file = join(import.meta.dirname, `${name}.js`);
  if (!existsSync(file)) {
    process.stdout.write(`\n(${name}: no such benchmark)\n`);
    continue;
  }
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(process.execPath, ["--expose-gc", file], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
