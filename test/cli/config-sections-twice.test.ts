/**
 * The provider page's Kimi Code snippet pasted inside the Moonshot one (its outer braces dropped,
 * not merged): valid JSON5 that writes env, agents and models twice at the top, so JSON5 keeps
 * only Kimi Code's and Moonshot vanishes. `config validate` and `doctor` named each key; now
 * `models list`, `agent` and `chat`, the commands a person runs next, say it too, instead of a
 * list without Moonshot and no word why.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const PAGE = readFileSync(
  path.join(import.meta.dirname, "../../docs/providers/moonshot.md"),
  "utf8",
);

function snippetUnder(heading: string): string {
  const section = PAGE.slice(PAGE.indexOf(`\n${heading}\n`));
  const match = /```json5\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`no json5 snippet under ${heading}`);
  return match[1];
}

/** Moonshot's snippet, then Kimi Code's inside it: its last } and the other's first { dropped. */
function pastedInside(kimiBaseUrl: string): string {
  const moonshot = snippetUnder("## Config: Moonshot API").trimEnd();
  const kimi = snippetUnder("## Config: Kimi Code")
    .replace("https://api.kimi.com/coding/v1", kimiBaseUrl)
    .replace('KIMICODE_API_KEY: "sk-..."', 'KIMICODE_API_KEY: "sk-kimi-test-0001"')
    .trim();
  return `${moonshot.slice(0, moonshot.lastIndexOf("}")).trimEnd()},\n${kimi.slice(1).replace(/^\n/, "")}\n`;
}

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(async () => {
  await simulator?.close();
});

describe("top-level sections written twice", () => {
  it("models list and agent warn that what the first ones set is ignored", async () => {
    const dir = tempDir();
    const file = path.join(dir, "openclaw.json");
    const text = pastedInside(simulator.kimiCodeBaseUrl);
    writeFileSync(file, text, { mode: 0o600 });
    const lines = text.split("\n");
    const at = (key: string) =>
      lines.flatMap((line, index) => (line.startsWith(`  ${key}: `) ? [index + 1] : []));
    const [env, agents, models] = [at("env"), at("agents"), at("models")];
    expect([env.length, agents.length, models.length]).toEqual([2, 2, 2]);
    const warning = `warning: ${file} writes env (lines ${env[0]} and ${env[1]}), agents (lines ${agents[0]} and ${agents[1]}) and models (lines ${models[0]} and ${models[1]}) twice at its top level: only the last of each counts, so what the others set is ignored; merge them into one (two providers go side by side in one models.providers), then check with: openclaw config validate\n`;
    const cliEnv = { OPENCLAW_STATE_DIR: dir, COLUMNS: "1000" };

    const list = await runCli(["models", "list"], { env: cliEnv });
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain("moonshot/");
    expect(list.stderr).toContain(warning);

    const agent = await runCli(["agent", "-m", "hi"], { env: cliEnv });
    expect(agent.code).toBe(0);
    expect(agent.stdout).toContain("Echo: hi");
    expect(agent.stderr).toContain(warning);
  });

  it("a config that writes each section once says nothing of it", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "openclaw.json"), snippetUnder("## Config: Moonshot API"), {
      mode: 0o600,
    });
    const list = await runCli(["models", "list"], { env: { OPENCLAW_STATE_DIR: dir } });
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect(list.stderr).not.toContain("top level");
  });
});
