/**
 * A model's `params.max_tokens` (Moonshot's own name for the output cap) is dropped from every
 * request: `config validate` warns of it with the `config set` / `unset` that move it to
 * `params.maxTokens`. `openclaw gateway`, which serves the requests it affects, said nothing; now
 * its start says it as a problem (the --json listening event's `problems` too), and so does a
 * reload that brings it in, as for a `params.stop` over the model's limits. The commands name
 * the gateway's state dir. Built CLI, simulator, real sockets.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { gatewayEnv, spawnGateway, startGatewayProcess } from "../helpers/gateway-process.js";
import { eventually, simConfig } from "./harness.js";

const suite = useBuiltGatewaySuite();

const PATH = 'agents.defaults.models["moonshot/kimi-k2.5"].params';

/** The simulator's config, with `params` on moonshot/kimi-k2.5 when given. */
function configText(params?: Record<string, unknown>): string {
  const config = simConfig(suite.sim) as {
    agents: { defaults: { models: Record<string, object> } };
  };
  if (params) config.agents.defaults.models["moonshot/kimi-k2.5"] = { params };
  return JSON.stringify(config, null, 2);
}

function state(params?: Record<string, unknown>) {
  const dir = suite.tempDir("openclaw-params-max-tokens-");
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, configText(params));
  const env = gatewayEnv(dir, {
    moonshot: suite.sim.keys.moonshot,
    kimiCode: suite.sim.keys.kimiCode,
  });
  return { dir, configPath, env };
}

const problem = (configPath: string) =>
  `problem: ${PATH}.max_tokens: is not sent: the output cap sent is params.maxTokens, so this value is dropped from every request (${configPath}:`;
const hint = (dir: string) =>
  `  hint: write it as maxTokens: OPENCLAW_STATE_DIR=${dir} openclaw config set '${PATH}.maxTokens' 4096, then OPENCLAW_STATE_DIR=${dir} openclaw config unset '${PATH}.max_tokens'`;

describe("gateway start with a model's params.max_tokens", () => {
  it("says it is dropped from every request and how to move it, at its file:line", async () => {
    const { dir, configPath, env } = state({ max_tokens: 4096 });
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger:"), 15_000, "the report");
    expect(cli.stderr()).toContain(problem(configPath));
    expect(cli.stderr()).toContain(`\n${hint(dir)}\n`);
  });

  it("--json's listening event has it among its problems", async () => {
    const { configPath, env } = state({ max_tokens: 4096 });
    const cli = spawnGateway(env, ["--json"]);
    const listening = () =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { event: string; problems?: unknown[] })
        .find((event) => event.event === "listening");
    await eventually(() => listening() !== undefined, 15_000, "the listening event");
    const problems = (listening()?.problems ?? []) as Array<{ where: string; message: string }>;
    expect(problems.find((entry) => entry.where === `${PATH}.max_tokens`)?.message).toMatch(
      new RegExp(`dropped from every request \\(${configPath.replaceAll(".", "\\.")}:\\d+\\)$`),
    );
  });

  it("a reload that brings it in says it too; a config without it says nothing of it", async () => {
    const { configPath, env } = state();
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger:"), 15_000, "the report");
    expect(cli.stderr()).not.toContain("max_tokens");
    writeFileSync(configPath, configText({ max_tokens: 4096 }));
    await eventually(() => cli.stderr().includes("config reloaded"), 15_000, "the reload");
    await eventually(
      () => cli.stderr().includes(`${PATH}.max_tokens`),
      5_000,
      "the reload's problem",
    );
    expect(cli.stderr()).toContain(`${PATH}.max_tokens: is not sent:`);
  });
});
