/**
 * An `$include`d file rewritten under a running gateway the way some tools do it (deleted, then
 * written again a moment later) is one reload, as the main file's is; one that stays gone is
 * reported at the `$include` that names it (file and line), as `openclaw config validate` says it.
 * The gateway runs in this process with its real watcher, the simulator upstream.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  simConfig,
  startGatewayEnv,
} from "./harness.js";

const running: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
});

/** The aliases GET /v1/models lists for kimi-k2.5. */
async function aliasesOf(env: GatewayEnv): Promise<string[]> {
  const res = await fetch(`${env.baseURL}/models`, {
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
  });
  const body = (await res.json()) as { data: { id: string; aliases?: string[] }[] };
  return body.data.find((model) => model.id === "moonshot/kimi-k2.5")?.aliases ?? [];
}

/**
 * A watched gateway whose config takes its `agents` block from agents.json (the `$include` on the
 * main file's second line), with kimi-k2.5's alias `first`.
 */
async function withIncludedAgents(first: string) {
  const lines: string[] = [];
  const env = await startGatewayEnv({ start: { watch: true, log: (line) => lines.push(line) } });
  running.push(env);
  const agentsFile = join(env.stateDir, "agents.json");
  const { agents: _agents, ...rest } = simConfig(env.sim);
  const writeAgents = (alias: string) =>
    writeFileSync(
      agentsFile,
      JSON.stringify({
        agents: JSON.parse(
          JSON.stringify(simConfig(env.sim).agents, (_key, value: unknown) =>
            value === "Kimi K2.5" ? alias : value,
          ),
        ),
      }),
    );
  writeAgents(first);
  writeFileSync(
    env.configPath,
    `{\n  "$include": "./agents.json",\n${JSON.stringify(rest, null, 2).slice(2)}`,
  );
  await eventually(async () => (await aliasesOf(env)).includes(first), 5000, `alias ${first}`);
  return { env, lines, agentsFile, writeAgents };
}

const pause = (ms: number) => new Promise((resolveWait) => setTimeout(resolveWait, ms));

describe("an included file deleted and written again a moment later", () => {
  it("is one reload, not a failed one first", async () => {
    const { env, lines, agentsFile, writeAgents } = await withIncludedAgents("A1");
    const before = lines.length;
    rmSync(agentsFile);
    // Longer than the watcher's debounce, well within the time a gone file gets to come back.
    await pause(300);
    writeAgents("A2");
    await eventually(async () => (await aliasesOf(env)).includes("A2"), 5000, "alias A2");
    const said = lines.slice(before).join("\n");
    expect(said).not.toContain("reload failed");
    expect(said).toContain(
      `gateway: config reloaded from ${env.configPath} (${agentsFile} (included) changed)`,
    );
  });
});

describe("an included file that stays gone", () => {
  it("is reported at the $include naming it, and the last good config keeps serving", async () => {
    const { env, lines, agentsFile } = await withIncludedAgents("A1");
    rmSync(agentsFile);
    await eventually(
      () => lines.some((line) => line.includes("reload failed")),
      5000,
      "the failed reload",
    );
    expect(lines.at(-1)).toBe(
      `gateway: config reload failed, still serving the last good config: cannot read config file ${agentsFile}: no such file\n  at ${env.configPath}:2\n  hint: ${agentsFile} was there at the last reload: put it back, or remove the $include at ${env.configPath}:2`,
    );
    expect(await aliasesOf(env)).toEqual(["A1"]);
  });
});

describe("an $include added before the file it names is written", () => {
  it("fails the reload, then writing the file reloads", async () => {
    const { env, lines } = await withIncludedAgents("A1");
    const extraFile = join(env.stateDir, "extra.json");
    const text = readFileSync(env.configPath, "utf8");
    writeFileSync(
      env.configPath,
      text.replace('"$include": "./agents.json"', '"$include": ["./agents.json", "./extra.json"]'),
    );
    await eventually(
      () => lines.some((line) => line.includes(`cannot read config file ${extraFile}`)),
      5000,
      "the failed reload",
    );
    // Never read, so not one that went missing: the path may be the mistake.
    expect(lines.find((line) => line.includes(`cannot read config file ${extraFile}`))).toContain(
      "hint: check the $include path: it is relative to the file that includes it",
    );
    const before = lines.length;
    writeFileSync(
      extraFile,
      JSON.stringify({
        agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "X1" } } } },
      }),
    );
    await eventually(async () => (await aliasesOf(env)).includes("X1"), 5000, "alias X1");
    expect(lines.slice(before)).toContain(
      `gateway: config reloaded from ${env.configPath} (${extraFile} (included) changed)`,
    );
  });
});
