/**
 * `openclaw doctor` on a config where a bad value inside one provider disables that provider (as
 * agent, chat, models and the gateway load it): the config check still fails (exit 1) on each of
 * its problems at file:line, and the checks after it (default chain, keys, --probe, gateway) run
 * on the others, the disabled provider named once. A problem outside the providers still stops
 * at the config check. Real CLI, real simulator for --probe.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFinding } from "../helpers/doctor-finding.js";
import { expectAmongModelFindings, expectAmongModelLines } from "../helpers/doctor-order.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { tempDir } from "../helpers/tmp.js";
import { SIM_KEYS, type Simulator } from "../simulator/index.js";

const BAD_URL = "htp:/bad url";
let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

interface Options {
  /** The default chain's primary (line 11); moonshot's has kimi-code's model as its fallback. */
  primary: string;
  /** Extra lines inside moonshot's entry (line 5), a second problem say. */
  moonshotExtra?: string;
  /** Extra top-level lines (line 12). */
  extra?: string;
}

/** Moonshot's bad baseUrl on line 4, kimi-code healthy (the simulator), the chain on line 11. */
function configText(options: Options): string {
  return [
    "{",
    "  models: { mode: 'replace', providers: {",
    "    moonshot: {",
    `      baseUrl: ${JSON.stringify(BAD_URL)},`,
    `      apiKey: ${JSON.stringify(SIM_KEYS.ai[0])}, ${options.moonshotExtra ?? ""}`,
    "      models: [{ id: 'kimi-k2.5', name: 'Kimi K2.5' }] },",
    "    'kimi-code': {",
    `      baseUrl: ${JSON.stringify(sim.kimiCodeBaseUrl)},`,
    `      apiKey: ${JSON.stringify(SIM_KEYS.kimiCode[0])}, headers: { 'User-Agent': 'KimiCLI/0.77' },`,
    "      models: [{ id: 'kimi-for-coding', name: 'Kimi For Coding' }] } } },",
    `  agents: { defaults: { model: { primary: ${JSON.stringify(options.primary)}${options.primary.startsWith("moonshot/") ? ", fallbacks: ['kimi-code/kimi-for-coding']" : ""} } } },`,
    options.extra ?? "",
    "}",
    "",
  ].join("\n");
}

function stateWith(options: Options) {
  const dir = tempDir("openclaw-doctor-disabled-provider-");
  chmodSync(dir, 0o700);
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, configText(options), { mode: 0o600 });
  return { configPath, env: { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" } };
}

interface JsonFinding {
  check: string;
  level: string;
  message: string;
  where?: string;
  file?: string;
  line?: number;
}

async function doctorJson(env: Record<string, string>, probe = false) {
  const result = await runCli(["doctor", "--json", ...(probe ? ["--probe"] : [])], { env });
  const report = JSON.parse(result.stdout) as { ok: boolean; findings: JsonFinding[] };
  return { code: result.code, ...report };
}

const badUrl = (configPath: string) =>
  `models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4)`;

describe("doctor with a provider disabled by a bad value", () => {
  it("fails the config check at file:line, then checks the default chain and the healthy provider's key (exit 1)", async () => {
    const { configPath, env } = stateWith({ primary: "moonshot/kimi-k2.5" });
    const result = await runCli(["doctor"], { env });
    expect(result.code).toBe(1);
    const lines = result.stdout.split("\n");
    // The primary it disables is said with the problem, once, not as a finding of its own.
    expect(lines).toContain(`✗ config   ${badUrl(configPath)}; this affects the default model`);
    expect(result.stdout).not.toContain("invalid config");
    expect(lines).toContain(
      `! model    the default chain leaves out moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:11), kimi-code/kimi-for-coding answers instead: provider "moonshot" is not usable: ${badUrl(configPath)}; write the`,
    );
    expect(lines.filter((line) => line.startsWith("✓ key"))).toEqual([
      "✓ key      kimi-code: key from config models.providers.kimi-code.apiKey sk-kimi-…0001",
    ]);
    // The left-out line names the disabled provider; no second line says it again.
    expect(lines.filter((line) => line.includes(" is disabled"))).toEqual([]);
    expect(lines.some((line) => line.startsWith("✓ gateway"))).toBe(true);
    expect(lines.at(-2)).toBe("1 problem, 1 warning");

    const report = await doctorJson(env);
    expect(report.code).toBe(1);
    expect(report.findings.filter((item) => item.check === "model")).toEqual([
      jsonFinding({
        check: "model",
        level: "warn",
        message: `the default chain leaves out moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:11), kimi-code/kimi-for-coding answers instead: provider "moonshot" is not usable: ${badUrl(configPath)}; write the full URL, for example "https://api.moonshot.ai/v1"`,
      }),
    ]);
  });

  it("--json: each problem of the provider at its file and line, its one 'disabled' warning, the other key", async () => {
    const { configPath, env } = stateWith({
      primary: "kimi-code/kimi-for-coding",
      moonshotExtra: "headers: { 'X-Team': 5 },",
    });
    const report = await doctorJson(env);
    expect(report.code).toBe(1);
    expect(report.ok).toBe(false);
    const config = report.findings.filter((item) => item.check === "config");
    expect(config.map(({ level, file, line }) => ({ level, file, line }))).toEqual([
      { level: "fail", file: configPath, line: 4 },
      { level: "fail", file: configPath, line: 5 },
    ]);
    expect(config[0]?.message).toBe(badUrl(configPath));
    expect(config[1]?.message).toContain("models.providers.moonshot.headers.X-Team");
    expect(report.findings.filter((item) => item.message.includes(" is disabled"))).toEqual([
      jsonFinding({
        check: "model",
        level: "warn",
        message: `provider moonshot is disabled by its config problem at models.providers.moonshot.baseUrl (${configPath}:4) (and 1 more): its models and its key are left out of these checks`,
        where: `${configPath}:4`,
        hint: "fix it (see the config check), then run: openclaw doctor",
      }),
    ]);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: "model", level: "ok" }),
    );
    const keys = report.findings.filter((item) => item.check === "key");
    expect(keys.map((item) => [item.level, item.message.split(":")[0]])).toEqual([
      ["ok", "kimi-code"],
    ]);
    // Among the model check's lines, before the keys' (it came after the key line).
    expectAmongModelFindings(
      report.findings.map((item) => item.check),
      report.findings.findIndex((item) => item.message.includes(" is disabled")),
    );
    const text = await runCli(["doctor"], { env });
    expectAmongModelLines(text.stdout, {
      model: "✓ model    default kimi-code/kimi-for-coding",
      finding: "! model    provider moonshot is disabled",
      key: "✓ key      kimi-code:",
    });
  });

  it("--probe tries the healthy provider's key against the simulator, not the disabled one's", async () => {
    const { env } = stateWith({ primary: "moonshot/kimi-k2.5" });
    const report = await doctorJson(env, true);
    expect(report.code).toBe(1);
    const probes = report.findings.filter((item) => item.check === "probe");
    expect(probes.map((item) => [item.level, item.message.split(":")[0]])).toEqual([
      ["ok", "kimi-code"],
    ]);
    expect(sim.requests.map((request) => request.path)).toContain("/coding/v1/models");
  });

  it("a problem outside the providers still stops at the config check, listing every problem", async () => {
    const { configPath, env } = stateWith({
      primary: "moonshot/kimi-k2.5",
      extra: "  gateway: { port: 'x' },",
    });
    const result = await runCli(["doctor"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("✗ config   invalid config: 2 problems");
    expect(result.stdout).toContain(`- ${badUrl(configPath)}`);
    expect(result.stdout).toContain(`gateway.port: expected an integer from 1 to 65535`);
    expect(result.stdout).not.toMatch(/^. (model|key|gateway) /m);
    const report = await doctorJson(env);
    expect(report.findings.map((item) => item.check)).toEqual(["node", "config", "files"]);
  });
});
