/**
 * A value the schema refuses inside one provider disables that provider for the commands that
 * run models (agent, models list/status): a healthy model runs, with one warning naming the
 * disabled provider; the broken provider's model fails with the config error (exit 1). Commands
 * that check the config (`config validate`, `doctor`) and edit it (`config set`) still refuse it,
 * and a problem outside a provider still makes the whole config invalid. Real CLI, real simulator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { tempDir } from "../helpers/tmp.js";
import { twoProviderConfig } from "../helpers/two-provider-config.js";
import type { Simulator } from "../simulator/index.js";

const BAD_URL = "htp:/bad url";
let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

/** Moonshot's base URL on line 4 (the errors name it), its model on line 6. */
function configText(moonshotBaseUrl: string, extra = ""): string {
  return twoProviderConfig(sim, {
    moonshotBaseUrl,
    defaultModel: "{ primary: 'kimi-code/kimi-for-coding' }",
    tail: [extra],
  });
}

function stateWith(text: string) {
  const dir = tempDir("openclaw-broken-provider-cli-");
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, text);
  return { configPath, env: { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" } };
}

const problem = (configPath: string) =>
  `models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4)`;

describe("a provider whose settings fail the schema", () => {
  it("agent: a healthy model answers (exit 0) with one warning naming the disabled provider", async () => {
    const { configPath, env } = stateWith(configText(BAD_URL));
    const result = await runCli(["agent", "-m", "hi", "--model", "kimi-code/kimi-for-coding"], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().length).toBeGreaterThan(0);
    const warnings = result.stderr.split("\n").filter((line) => line.startsWith("warning:"));
    expect(warnings).toEqual([
      `warning: provider moonshot is disabled: ${problem(configPath)}; fix it, then run: openclaw config validate`,
    ]);
    const sent = sim.chatRequests().map((request) => (request.body as { model?: unknown }).model);
    expect(sent).toContain("kimi-for-coding");
  });

  it("agent: the disabled provider's model fails with the config error (exit 1)", async () => {
    const { configPath, env } = stateWith(configText(BAD_URL));
    const result = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `provider "moonshot" in "moonshot/kimi-k2.5" is not usable: ${problem(configPath)}`,
    );
    expect(result.stderr).toContain(
      'hint: write the full URL, for example "https://api.moonshot.ai/v1"',
    );
    expect(result.stderr).not.toContain("warning:");
  });

  it("models list marks its models (exit 0); models status and --json name the problem", async () => {
    const { configPath, env } = stateWith(configText(BAD_URL));
    const list = await runCli(["models", "list"], { env });
    expect(list.code, list.stderr).toBe(0);
    const rows = list.stdout.split("\n");
    expect(rows.find((row) => row.startsWith("moonshot/kimi-k2.5"))).toMatch(
      /^moonshot\/kimi-k2\.5\s+-\s+-\s+no\s+-\s+unusable: config$/,
    );
    expect(rows.find((row) => row.startsWith("kimi-code/kimi-for-coding"))).toMatch(/default$/);
    expect(list.stderr).toContain(`warning: ${problem(configPath)}: provider moonshot is disabled`);

    const only = await runCli(["models", "list", "--provider", "moonshot", "--plain"], { env });
    expect(only.code, only.stderr).toBe(0);
    expect(only.stdout).toBe("moonshot/kimi-k2.5\n");

    const json = await runCli(["models", "list", "--json"], { env });
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as {
      models: { ref: string; usable: boolean; disabled?: string; tags: string[] }[];
      problems: { path: string; provider?: string; schema?: { file?: string; line?: number } }[];
    };
    expect(listed.models.find((row) => row.ref === "moonshot/kimi-k2.5")).toMatchObject({
      usable: false,
      tags: ["unusable: config"],
      disabled: problem(configPath),
    });
    expect(listed.problems).toContainEqual(
      expect.objectContaining({
        path: "models.providers.moonshot.baseUrl",
        provider: "moonshot",
        schema: { file: configPath, line: 4 },
      }),
    );

    const status = await runCli(["models", "status"], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(
      `problem: ${problem(configPath)}: provider moonshot is disabled`,
    );
  });

  it("config validate and doctor still fail on it; config set still refuses a new one", async () => {
    const { configPath, env } = stateWith(configText(BAD_URL));
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(`error: invalid config: ${problem(configPath)}`);
    const doctor = await runCli(["doctor"], { env });
    expect(doctor.code).toBe(1);

    const fine = stateWith(configText(sim.moonshotBaseUrl));
    const before = readFileSync(fine.configPath, "utf8");
    const set = await runCli(["config", "set", "models.providers.moonshot.baseUrl", BAD_URL], {
      env: fine.env,
    });
    expect(set.code).toBe(2);
    expect(set.stderr).toContain("nothing was written");
    expect(readFileSync(fine.configPath, "utf8")).toBe(before);
  });

  it("a broken entry whose key differs only in case ('Moonshot') disables the provider it configures, not just that key", async () => {
    // Both keys configure provider moonshot (ids are lower-cased); with one left out, the other
    // built a moonshot without the broken entry's settings, and its model read as unknown.
    const text = configText(sim.moonshotBaseUrl).replace(
      "    'kimi-code': {",
      `    Moonshot: { baseUrl: ${JSON.stringify(BAD_URL)} },\n    'kimi-code': {`,
    );
    const { configPath, env } = stateWith(text);
    const result = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `provider "moonshot" in "moonshot/kimi-k2.5" is not usable: models.providers.Moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:7)`,
    );
    expect(result.stderr).not.toContain("unknown model");
    const list = await runCli(["models", "list", "--provider", "moonshot", "--plain"], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toBe("moonshot/kimi-k2.5\n");
  });

  it("a problem outside providers still makes the whole config invalid", async () => {
    const { configPath, env } = stateWith(configText(BAD_URL, "  gateway: { port: 'x' },"));
    const result = await runCli(["agent", "-m", "hi", "--model", "kimi-code/kimi-for-coding"], {
      env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: invalid config: 2 problems");
    expect(result.stderr).toContain(`  - ${problem(configPath)}`);
    expect(result.stderr).toContain("gateway.port:");
  });
});
