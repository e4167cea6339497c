/**
 * How long loading and resolving a large config takes: 50 providers × 100 models, each model with
 * an alias under agents.defaults.models, compared with a bare JSON.parse of the same bytes and with
 * Node's own start-up (what a CLI pays anyway).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSON5 from "json5";
import { allRefs, buildCatalog, resolveModel } from "../src/catalog/index.js";
import { loadConfig } from "../src/config/index.js";
import { bigConfig } from "./big-config.js";
import { medianMs, printTable } from "./table.js";

export function run(): void {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-bench-"));
  try {
    const path = join(dir, "openclaw.json");
    const text = JSON.stringify(bigConfig(50, 100), null, 2);
    writeFileSync(path, text);
    const runs = 15;
    const jsonParse = medianMs((): unknown => JSON.parse(readFileSync(path, "utf8")), runs);
    const json5Parse = medianMs((): unknown => JSON5.parse(readFileSync(path, "utf8")), runs);
    const load = medianMs(() => loadConfig({ path, env: {} }), runs);
    const catalog = medianMs(() => buildCatalog(loadConfig({ path, env: {} })), runs);
    const built = buildCatalog(loadConfig({ path, env: {} }));
    if (built.problems.length > 0) {
      throw new Error(`the bench config has catalog problems: ${built.problems[0]?.message}`);
    }
    // agents.defaults.models is also the allowlist: the built-in providers' refs are not in it.
    const refs = allRefs(built).filter((ref) => built.allowlist?.has(ref) ?? true);
    const aliasNames = [...built.aliases.values()].map((entry) => entry.alias);
    const resolveAll = medianMs(() => {
      for (const ref of refs) resolveModel(built, ref);
    }, 5);
    const resolveAliases = medianMs(() => {
      for (const alias of aliasNames) resolveModel(built, alias);
    }, 5);
    const nodeStart = medianMs(() => spawnSync(process.execPath, ["-e", ""]), 5, 1);
    printTable(
      `config: 50 providers × 100 models, ${aliasNames.length} aliases (${(text.length / 1024).toFixed(0)} KiB), median of ${runs} runs`,
      ["step", "ms", "× JSON.parse", "× node start-up"],
      [
        ["JSON.parse (baseline)", jsonParse, 1, jsonParse / nodeStart],
        ["JSON5.parse", json5Parse, json5Parse / jsonParse, json5Parse / nodeStart],
        ["loadConfig (parse+includes+validate)", load, load / jsonParse, load / nodeStart],
        ["loadConfig + buildCatalog", catalog, catalog / jsonParse, catalog / nodeStart],
        [
          `resolveModel × ${refs.length} refs`,
          resolveAll,
          resolveAll / jsonParse,
          resolveAll / nodeStart,
        ],
        [
          `resolveModel × ${aliasNames.length} aliases`,
          resolveAliases,
          resolveAliases / jsonParse,
          resolveAliases / nodeStart,
        ],
        ["node -e '' start-up (reference)", nodeStart, nodeStart / jsonParse, 1],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) run();
