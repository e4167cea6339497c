/**
 * `openclaw gateway` started on the docs' config snippet as pasted, `sk-...` still in its env
 * block: the start said "no provider has a key yet" and, in --json, "until MOONSHOT_API_KEY is
 * set", though the variable is set (to the placeholder), so a first-time user looked for a key
 * not being read. Now the start says what is there cannot be used and where (file:line), as a
 * request's 503 and `config validate` do; with another provider keyed, the provider's own warning
 * says it. Built CLI, simulator, real sockets.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { spawnGateway, startGatewayProcess } from "../helpers/gateway-process.js";
import { eventually } from "./harness.js";

const suite = useBuiltGatewaySuite();

/** The snippet's shape: the placeholder on line 2, moonshot at the simulator; kimi-code keyed when asked. */
function state(kimiCodeKey?: string) {
  const dir = suite.tempDir("openclaw-placeholder-key-");
  const configPath = join(dir, "openclaw.json");
  const text = [
    "{",
    '  env: { MOONSHOT_API_KEY: "sk-..." },',
    "  agents: { defaults: { model: { primary: 'moonshot/kimi-k2.5' } } },",
    "  models: { mode: 'merge', providers: {",
    `    moonshot: { baseUrl: ${JSON.stringify(suite.sim.moonshotBaseUrl)}, apiKey: '\${MOONSHOT_API_KEY}',`,
    "      api: 'openai-completions', models: [{ id: 'kimi-k2.5', name: 'Kimi K2.5' }] },",
    ...(kimiCodeKey
      ? [
          `    'kimi-code': { baseUrl: ${JSON.stringify(suite.sim.kimiCodeBaseUrl)}, apiKey: ${JSON.stringify(kimiCodeKey)},`,
          "      headers: { 'User-Agent': 'KimiCLI/0.77' }, api: 'openai-completions',",
          "      models: [{ id: 'kimi-for-coding', name: 'K' }] },",
        ]
      : []),
    "  } },",
    "  gateway: { auth: { mode: 'token', token: 'test-gateway-token-placeholder-01' } },",
    "}",
    "",
  ].join("\n");
  writeFileSync(configPath, text);
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
    TZ: "UTC",
  };
  return { configPath, env };
}

const placeholder = (configPath: string) =>
  `env MOONSHOT_API_KEY is a placeholder from the docs, not a real key (${configPath}:2)`;

describe("gateway start with the docs' placeholder key", () => {
  it("says the key written cannot be used, not that there is none yet", async () => {
    const { configPath, env } = state();
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger:"), 15_000, "the report");
    const err = cli.stderr();
    expect(err).toContain(
      `warning: no provider has a usable key, so every chat request will fail: moonshot: ${placeholder(configPath)}`,
    );
    expect(err).not.toContain("no provider has a key yet");
  });

  it("--json's keylessProviders entry says why and not 'until MOONSHOT_API_KEY is set'", async () => {
    const { configPath, env } = state();
    const cli = spawnGateway(env, ["--json"]);
    const listening = () =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { event: string; keylessProviders?: unknown[] })
        .find((event) => event.event === "listening");
    await eventually(() => listening() !== undefined, 15_000, "the listening event");
    const [entry] = (listening()?.keylessProviders ?? []) as Array<{
      unusable?: string;
      message: string;
    }>;
    expect(entry?.unusable).toContain(placeholder(configPath));
    expect(entry?.message).toMatch(
      /^moonshot has no usable API key: env MOONSHOT_API_KEY is a placeholder/,
    );
    expect(entry?.message).toContain("will get 503 until a real key is put in its place");
    expect(entry?.message).not.toContain("until MOONSHOT_API_KEY is set");
  });

  it("with Kimi Code's snippet alone, the hint onboards Kimi Code, not Moonshot", async () => {
    const dir = suite.tempDir("openclaw-placeholder-kimi-code-");
    writeFileSync(
      join(dir, "openclaw.json"),
      [
        "{",
        '  env: { KIMICODE_API_KEY: "sk-..." },',
        "  agents: { defaults: { model: { primary: 'kimi-code/kimi-for-coding' } } },",
        "  models: { mode: 'merge', providers: { 'kimi-code': {",
        "    baseUrl: 'https://api.kimi.com/coding/v1', apiKey: '${KIMICODE_API_KEY}',",
        "    api: 'openai-completions', models: [{ id: 'kimi-for-coding', name: 'Kimi For Coding' }] } } },",
        "  gateway: { auth: { mode: 'token', token: 'test-gateway-token-placeholder-02' } },",
        "}",
        "",
      ].join("\n"),
    );
    const cli = await startGatewayProcess({
      PATH: process.env.PATH,
      HOME: dir,
      OPENCLAW_STATE_DIR: dir,
      NO_COLOR: "1",
      TZ: "UTC",
    });
    await eventually(() => cli.stderr().includes("usage ledger:"), 15_000, "the report");
    expect(cli.stderr()).toContain(
      `  hint: to store a key, run this; the gateway picks up the new config without a restart:\n    OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice kimi-code-api-key\n`,
    );
  });

  it("with another provider keyed, moonshot's own warning says why", async () => {
    const { configPath, env } = state(suite.sim.keys.kimiCode);
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger:"), 15_000, "the report");
    expect(cli.stderr()).toContain(
      `warning: moonshot has no usable API key: ${placeholder(configPath)}`,
    );
  });
});
