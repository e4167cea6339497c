/**
 * `openclaw gateway` with a config that offers clients an id openclaw's built-in list marks
 * retired: a fallback of the default chain (what a client asking for `openclaw` falls back to) or
 * an alias. chat and agent said it at their start; the gateway's start said nothing, and a client
 * heard of it only from its 404s. Now the start says each one, with its dotted path, file:line and
 * the edit that mends it (text and --json); a reload says one it adds, and an edit that leaves it
 * as it was does not say it again. Built CLI, simulator, real sockets, real config edits.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import {
  type GatewayProcess,
  spawnGateway,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { eventually } from "./harness.js";

const suite = useBuiltGatewaySuite();

interface Shape {
  /** The fallbacks, on line 5. */
  fallbacks: string[];
  /** The aliases' entries, on line 6. */
  aliases: string;
  /** Anything else, on line 7 (an edit that changes nothing of the models). */
  extra?: string;
}

const RETIRED: Shape = {
  fallbacks: ["moonshot/kimi-k2-thinking"],
  aliases: "'moonshot/kimi-k2-turbo-preview': { alias: 'turbo' }",
};
const CURRENT: Shape = { fallbacks: [], aliases: "" };

function configText(shape: Shape): string {
  return [
    "{ models: { mode: 'merge', providers: {",
    `  moonshot: { api: 'openai-completions', apiKey: ${JSON.stringify(suite.sim.keys.moonshot)}, baseUrl: ${JSON.stringify(suite.sim.moonshotBaseUrl)} } } },`,
    "  agents: { defaults: {",
    "    model: { primary: 'moonshot/kimi-k2.5',",
    `      fallbacks: ${JSON.stringify(shape.fallbacks)} },`,
    `    models: { ${shape.aliases} } } },`,
    `  ${shape.extra ?? ""}`,
    "  gateway: { auth: { mode: 'token', token: 'test-gateway-token-retired-01' } } }",
    "",
  ].join("\n");
}

function state(shape: Shape) {
  const dir = suite.tempDir("openclaw-retired-chain-");
  const configPath = join(dir, "openclaw.json");
  const write = (next: Shape) => writeFileSync(configPath, configText(next));
  write(shape);
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
    TZ: "UTC",
  };
  return { configPath, env, write };
}

/**
 * What the commands carry in front: the gateway's state dir (HOME's .openclaw is a plain shell's),
 * so that typed in another terminal they edit this config.
 */
const prefix = (configPath: string) => `OPENCLAW_STATE_DIR=${dirname(configPath)} `;
const fallbackLine = (configPath: string) =>
  `moonshot/kimi-k2-thinking (fallback #1: agents.defaults.model.fallbacks[0], ${configPath}:5) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: ${prefix(configPath)}openclaw models fallbacks remove moonshot/kimi-k2-thinking (moonshot/kimi-k2.5 is in the chain already)`;
const aliasLine = (configPath: string) =>
  `moonshot/kimi-k2-turbo-preview is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; "turbo" is the alias written at ${configPath}:6: agents.defaults.models["moonshot/kimi-k2-turbo-preview"].alias; give the alias to moonshot/kimi-k2.5 instead: ${prefix(configPath)}openclaw models aliases remove "turbo", then: ${prefix(configPath)}openclaw models aliases add "turbo" moonshot/kimi-k2.5`;

const count = (text: string, part: string) => text.split(part).length - 1;

/** Writes `shape` and waits for the `reloads`-th reload to be logged. */
async function reloadWith(
  cli: GatewayProcess,
  write: (shape: Shape) => void,
  shape: Shape,
  reloads: number,
): Promise<void> {
  write(shape);
  await eventually(
    () => count(cli.stderr(), "config reloaded from") === reloads,
    10_000,
    `reload ${reloads}`,
  );
}

describe("gateway start with a retired id in the default chain or an alias", () => {
  it("says each one at start, where it is written and the edit that mends it", async () => {
    const { configPath, env } = state(RETIRED);
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger:"), 15_000, "the report");
    const err = cli.stderr();
    expect(err).toContain(`warning: ${fallbackLine(configPath)}\n`);
    expect(err).toContain(`warning: ${aliasLine(configPath)}\n`);
  });

  it("--json's listening event has them in retiredModels", async () => {
    const { configPath, env } = state(RETIRED);
    const cli = spawnGateway(env, ["--json"]);
    const listening = () =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { event: string; retiredModels?: unknown })
        .find((event) => event.event === "listening");
    await eventually(() => listening() !== undefined, 15_000, "the listening event");
    expect(listening()?.retiredModels).toEqual([fallbackLine(configPath), aliasLine(configPath)]);
  });

  it("a reload that adds one says it once; an edit that leaves it so says nothing again", async () => {
    const { configPath, env, write } = state(CURRENT);
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger:"), 15_000, "the report");
    expect(cli.stderr()).not.toContain("retired in 2026");

    await reloadWith(cli, write, { ...CURRENT, fallbacks: RETIRED.fallbacks }, 1);
    await eventually(
      () => cli.stderr().includes(`gateway: warning: ${fallbackLine(configPath)}\n`),
      5000,
      "the reload's warning",
    );
    await reloadWith(cli, write, { ...RETIRED, extra: "env: { UNRELATED: '1' }," }, 2);
    await eventually(
      () => cli.stderr().includes(`gateway: warning: ${aliasLine(configPath)}\n`),
      5000,
      "the alias's warning",
    );
    // The fallback is as it was: not said again.
    expect(count(cli.stderr(), "(fallback #1: agents.defaults.model.fallbacks[0]")).toBe(1);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(count(cli.stderr(), "(fallback #1: agents.defaults.model.fallbacks[0]")).toBe(1);
  });
});
