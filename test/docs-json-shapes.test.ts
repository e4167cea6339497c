/**
 * The `--json` shapes the guide spells out (`config set --json` prints `{"ok": true, "path", …}`)
 * are what the commands print: each shape is read from the guide's own text and compared, key
 * for key, with the object a real run prints against the simulator, so neither can change alone.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { onboardWithKey } from "./helpers/onboard-args.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

const guide = readFileSync(join(import.meta.dirname, "../docs/guide.md"), "utf8");

/**
 * The top-level keys of a shape as the guide writes it: `{valid, path, …}`,
 * `{"ok": true, "path", …}` or `{ok, findings: [{check, …}]}` (what is nested is not counted).
 */
function shapeKeys(shape: string): string[] {
  let depth = 0;
  let top = "";
  for (const char of shape.trim().slice(1, -1)) {
    if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") depth--;
    else if (depth === 0) top += char;
  }
  return top
    .split(",")
    .map((part) => /^\s*"?([A-Za-z]+)/.exec(part)?.[1])
    .filter((key): key is string => key !== undefined)
    .sort();
}

/** The shape the guide shows right after `lead` (a phrase that stays on one line). */
function documentedShape(lead: string): string[] {
  const flat = guide.replace(/\s*\n\s*/g, " ");
  const at = flat.indexOf(lead);
  if (at === -1) throw new Error(`the guide no longer says "${lead}"`);
  const shape = /`(\{[^`]+\})`/.exec(flat.slice(at + lead.length))?.[1];
  if (!shape) throw new Error(`no {…} shape after "${lead}" in the guide`);
  return shapeKeys(shape);
}

let sim: Simulator;
let env: Record<string, string>;
// One state directory for the whole file (tempDir's would go after the first test).
const stateDir = mkdtempSync(join(tmpdir(), "openclaw-docs-json-"));

beforeAll(async () => {
  sim = await startSimulator();
  env = { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl };
  const onboard = await runCli(onboardWithKey("moonshot-api-key", sim.keys.moonshot), { env });
  expect(onboard.code, onboard.stderr).toBe(0);
});

afterAll(async () => {
  await sim?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

/**
 * The keys of the one JSON object a `--json` run prints. Exit 1 is let through (doctor fails when
 * another program holds port 18789: a finding, and the same shape).
 */
async function printedKeys(args: string[], codes: readonly number[] = [0, 1]): Promise<string[]> {
  const result = await runCli([...args, "--json"], { env });
  expect(codes, result.stdout + result.stderr).toContain(result.code);
  return Object.keys(JSON.parse(result.stdout) as object).sort();
}

/** The keys `agent --json` prints on success, as the guide lists them ("On success: `ok: true`, …"). */
function documentedAgentSuccess(): string[] {
  const flat = guide.replace(/\s*\n\s*/g, " ");
  const start = flat.indexOf("On success: ");
  const list = flat.slice(start, flat.indexOf(" both also on failure", start));
  // What a parenthesis says is about a value (`fallback` (`{from, to}` or `null`)), not a key.
  const names = list.replace(/\([^)]*\)/g, "").matchAll(/`([A-Za-z]+)(?:: true)?`/g);
  return [...new Set([...names].map((match) => match[1] ?? ""))].sort();
}

/** The keys of the failure object the guide shows for `agent --json` (its json block). */
function documentedAgentFailure(): string[] {
  const after = guide.slice(guide.indexOf("On failure:"));
  const block = /```json\n([\s\S]*?)```/.exec(after)?.[1] ?? "{}";
  return Object.keys(JSON.parse(block) as object).sort();
}

describe("the --json shapes of the guide", () => {
  it("reads a shape as the guide writes it", () => {
    expect(shapeKeys('{"ok": true, "path", "removed": true, "warnings"}')).toEqual([
      "ok",
      "path",
      "removed",
      "warnings",
    ]);
    expect(shapeKeys("{ok, findings: [{check, level, where?}], failures}")).toEqual([
      "failures",
      "findings",
      "ok",
    ]);
  });

  it.each([
    // [the words before the shape, the command, keys the guide names beside the shape]
    ["`config set --json` prints", ["config", "set", "gateway.port", "41399"], []],
    ["`config unset --json`", ["config", "unset", "gateway.port"], []],
    // "with the `model` or `alias` they name"
    [
      "`models fallbacks add|remove|clear` take `--json` too and print",
      ["models", "set", "moonshot/kimi-k2.5"],
      ["model"],
    ],
    // "(with `ledger` when it can be worked out)"
    [
      "`config validate --json` prints one object whatever it finds:",
      ["config", "validate"],
      ["ledger"],
    ],
    ["(warnings alone exit 0), and `--json` gives", ["doctor"], []],
    ["Otherwise `models scan --json` prints", ["models", "scan", "--provider", "moonshot"], []],
    ["The totals' `usage --json` prints", ["usage"], []],
    ["`--last` and `--errors` with `--json` print", ["usage", "--last", "5"], []],
    ["`--last` and `--errors` with `--json` print", ["usage", "--errors"], []],
  ] as const)("after %s: %j", async (lead, args, beside) => {
    const documented = [...documentedShape(lead), ...beside].sort();
    expect(await printedKeys([...args])).toEqual(documented);
  });
  it("config set and unset --json: keysLeftOutOfBackup, when a key leaves the .bak too", async () => {
    const flat = guide.replace(/\s*\n\s*/g, " ");
    expect(flat).toContain("and `keysLeftOutOfBackup` (the dotted paths) when the key the edit");
    const key = "models.providers.moonshot.apiKey";
    await printedKeys(["config", "set", key, "sk-test-moonshot-ai-0042"], [0]);
    const set = await runCli(["config", "set", key, "${MOONSHOT_API_KEY}", "--json"], { env });
    expect(set.code, set.stderr).toBe(0);
    const printed = JSON.parse(set.stdout) as Record<string, unknown>;
    expect(Object.keys(printed).sort()).toEqual(
      [...documentedShape("`config set --json` prints"), "keysLeftOutOfBackup"].sort(),
    );
    expect(printed.keysLeftOutOfBackup).toEqual([key]);
    // Back as it was: the onboarded profile holds the key, the config none.
    expect(await printedKeys(["config", "unset", key], [0])).toEqual(
      documentedShape("`config unset --json`"),
    );
  });

  it("models scan --prune --json: the keys of its prune object the guide lists", async () => {
    const flat = guide.replace(/\s*\n\s*/g, " ");
    const shape = /`prune: (\{[^`]+\})`/.exec(flat)?.[1];
    expect(shape, "the guide's prune: {…} shape").toBeDefined();
    const result = await runCli(["models", "scan", "--provider", "moonshot", "--prune", "--json"], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const printed = (JSON.parse(result.stdout) as { prune: object }).prune;
    expect(Object.keys(printed).sort()).toEqual(shapeKeys(shape ?? "{}"));
  });

  it("usage --json: the keys of each group and of the total the guide lists", async () => {
    const documented = documentedShape("and each group and `total` hold");
    expect(documented).toContain("costUsd");
    const result = await runCli(["usage", "--json"], { env });
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { total: object };
    expect(Object.keys(printed.total).sort()).toEqual(documented);
  });

  it("agent --json on success: the keys the guide lists", async () => {
    const documented = documentedAgentSuccess();
    expect(documented).toContain("requestedModel");
    expect(await printedKeys(["agent", "-m", "hi"], [0])).toEqual(documented);
  });

  it("agent --json on failure: the keys of the guide's failure object", async () => {
    const documented = documentedAgentFailure();
    expect(documented).toContain("partial");
    // An unknown provider is a usage mistake: exit 2, the same object.
    expect(await printedKeys(["agent", "-m", "hi", "--model", "nope/x"], [2])).toEqual(documented);
  });
});
