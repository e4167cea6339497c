/**
 * `${VAR}` as a user meets it through the built CLI (`npm run build` first): values anywhere in the
 * config expand, a missing variable stops only the command needing it, writers keep references,
 * and no message shows a secret.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { tempFiles } from "../helpers/tmp.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const FAKE_KEY = "sk-test-moonshot-ai-0001";

let sim: SimEnv | undefined;
let bare: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  await bare?.close();
  sim = undefined;
  bare = undefined;
});

interface ModelRow {
  ref: string;
  name: string;
  tags: string[];
}

function rows(stdout: string): ModelRow[] {
  return (JSON.parse(stdout) as { models: ModelRow[] }).models;
}

/** The simulator's config, edited: `${VAR}` for the primary and Moonshot's URL, from the env block. */
async function templatedSimEnv(): Promise<SimEnv> {
  sim = await startSimEnv();
  const path = join(sim.stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(path, "utf8"));
  config.env = { PRIMARY: "moonshot/kimi-k2.5", MOONSHOT_SIM: sim.sim.moonshotBaseUrl };
  config.agents.defaults.model = { primary: "${PRIMARY}" };
  config.models.providers.moonshot.baseUrl = "${MOONSHOT_SIM}";
  config.models.providers.moonshot.models[0].name = "K $${LIT}";
  writeFileSync(path, JSON.stringify(config, null, 2));
  return sim;
}

describe("${VAR} through the CLI", () => {
  it("expands the primary and a model name from the env block; $${LIT} shows as ${LIT}", async () => {
    const { cliEnv, sim: simulator } = await templatedSimEnv();
    const { KIMICODE_API_KEY: _unset, ...env } = cliEnv;
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(0);
    const list = await runCli(["models", "list", "--json"], { env });
    expect(list.code).toBe(0);
    const models = rows(list.stdout);
    expect(models.find((row) => row.tags.includes("default"))?.ref).toBe("moonshot/kimi-k2.5");
    expect(models.some((row) => row.ref.includes("${"))).toBe(false);
    expect(models.find((row) => row.ref === "moonshot/kimi-k2.5")?.name).toBe("K ${LIT}");

    // KIMICODE_API_KEY is unset (kimi-code's apiKey names it): a Moonshot request still runs.
    simulator.script([{ respond: { reply: { text: "bonjour" } } }]);
    const agent = await runCli(["agent", "-m", "hi"], { env });
    expect(agent.stderr).not.toMatch(/error/);
    expect(agent.code).toBe(0);
    expect(agent.stdout).toBe("bonjour\n");

    // The command that needs it says so.
    const kimi = await runCli(["agent", "--model", "kimi-code/kimi-for-coding", "-m", "hi"], {
      env,
    });
    expect(kimi.code).toBe(1);
    expect(kimi.stderr).toMatch(/^error: /);
    expect(kimi.stderr).toContain("KIMICODE_API_KEY");
  });

  it("names the missing variable and its path when the value is needed", async () => {
    const dir = tempFiles({
      "openclaw.json": `{ agents: { defaults: { model: { primary: "\${PRIMARY}" } } } }`,
    });
    const env = { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: FAKE_KEY };
    expect((await runCli(["models", "list"], { env })).code).toBe(0);
    const agent = await runCli(["agent", "-m", "hi"], { env });
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain(
      "error: environment variable PRIMARY is not set (used at agents.defaults.model.primary)",
    );
    expect(agent.stderr).toContain(`"env" block of ${join(dir, "openclaw.json")}`);
    expect(agent.stderr).not.toMatch(/unknown model|\n\s+at .*\.js:\d+/);
  });

  it("refuses ${VAR} in a number field with what to write, never showing a key", async () => {
    const dir = tempFiles({
      "openclaw.json": `{ gateway: { port: "\${MOONSHOT_API_KEY}" } }`,
    });
    const env = { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: FAKE_KEY };
    for (const args of [
      ["config", "validate"],
      ["config", "validate", "--json"],
      ["models", "list"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(1);
      expect(`${result.stdout}${result.stderr}`).toContain("${MOONSHOT_API_KEY}");
      expect(`${result.stdout}${result.stderr}`).not.toContain("sk-test");
    }
    const human = await runCli(["config", "validate"], { env });
    expect(human.stderr).toContain(
      "hint: ${VAR} is expanded only in strings, and this key takes a number: write the value itself (openclaw config set gateway.port <value>)",
    );
  });
});

describe("showing a value expanded from a key", () => {
  it("config get shows the value as written, never the key it expands to, in a header too", async () => {
    const dir = tempFiles({
      "openclaw.json": JSON.stringify({
        models: {
          providers: {
            custom: {
              baseUrl: "https://custom.example.test/v1",
              apiKey: "${TEAM_KEY}",
              headers: { Authorization: "Bearer ${TEAM_KEY}", "X-Team": "${TEAM}" },
            },
          },
        },
      }),
    });
    const env = { OPENCLAW_STATE_DIR: dir, TEAM_KEY: FAKE_KEY, TEAM: "blue" };
    for (const json of [[], ["--json"]]) {
      const result = await runCli(["config", "get", "models.providers.custom", ...json], { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('"X-Team": "${TEAM}"');
      expect(result.stdout).toContain('"Authorization": "Bearer ${TEAM_KEY}"');
      expect(result.stdout).not.toContain("blue");
      expect(result.stdout).not.toContain("sk-test");
    }
  });
});

describe("writing the config back keeps ${VAR} references", () => {
  const TEMPLATED = {
    env: { TEAM: "blue" },
    agents: { defaults: { model: { primary: "${PRIMARY}" } } },
    models: {
      providers: {
        custom: {
          baseUrl: "${CUSTOM_BASE}/v1",
          apiKey: "${CUSTOM_KEY}",
          headers: { "X-Team": "${TEAM}" },
          models: [{ id: "m", name: "K $${LIT}" }],
        },
      },
    },
    gateway: { auth: { token: "${GW_TOKEN}" } },
  };
  const REFERENCES = [
    '"${PRIMARY}"',
    '"${CUSTOM_BASE}/v1"',
    '"${CUSTOM_KEY}"',
    '"${TEAM}"',
    '"K $${LIT}"',
    '"${GW_TOKEN}"',
  ];
  const VALUES = {
    PRIMARY: "custom/m",
    CUSTOM_BASE: "https://custom.example.test",
    CUSTOM_KEY: "sk-test-custom-0001",
    GW_TOKEN: "gateway-token-test-0001",
  };

  /** The references are in the file as written; no value they expand to is. */
  function expectReferencesKept(text: string, references = REFERENCES): void {
    for (const reference of references) expect(text).toContain(reference);
    for (const value of [...Object.values(VALUES).slice(1), '"K ${LIT}"', '"X-Team": "blue"']) {
      expect(text).not.toContain(value);
    }
  }

  it("in config set, models set and onboard", async () => {
    bare = await startSimulator({ region: "ai" });
    const dir = tempFiles({ "openclaw.json": JSON.stringify(TEMPLATED, null, 2) });
    const path = join(dir, "openclaw.json");
    const env = {
      OPENCLAW_STATE_DIR: dir,
      HOME: dir,
      ...VALUES,
      OPENCLAW_MOONSHOT_AI_BASE_URL: bare.moonshotBaseUrl,
      OPENCLAW_MOONSHOT_CN_BASE_URL: bare.moonshotBaseUrl,
      OPENCLAW_KIMI_CODE_BASE_URL: bare.kimiCodeBaseUrl,
    };

    const set = await runCli(["config", "set", "gateway.port", "18790"], { env });
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    expectReferencesKept(readFileSync(path, "utf8"));
    expect(JSON.parse(readFileSync(path, "utf8")).gateway.port).toBe(18790);

    const models = await runCli(["models", "set", "moonshot/kimi-k2.5"], { env });
    expect(models.code).toBe(0);
    const afterModels = readFileSync(path, "utf8");
    expect(JSON.parse(afterModels).agents.defaults.model.primary).toBe("moonshot/kimi-k2.5");
    expectReferencesKept(afterModels, REFERENCES.slice(1));

    const onboard = await runCli(onboardWithKey("moonshot-api-key", FAKE_KEY), { env });
    expect(onboard.stderr).not.toMatch(/^error/m);
    expect(onboard.code).toBe(0);
    const afterOnboard = readFileSync(path, "utf8");
    expect(JSON.parse(afterOnboard).models.providers.moonshot).toBeDefined();
    expectReferencesKept(afterOnboard, REFERENCES.slice(1));
  });
});
