/**
 * `agent` and `chat` without `--model` run the default chain: a primary whose provider cannot be
 * used is left out with one warning (where the default is written, why, what answers), and the
 * fallback answers; a chain with no usable member fails (exit 1) naming each member's reason.
 * `config validate` and `doctor` still fail on the broken provider. The library's default chain
 * does the same. Real CLI, real simulator.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveDefaultChain } from "../../src/catalog/index.js";
import { openRuntime } from "../../src/runtime/index.js";
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

/** Moonshot's base URL on line 4, kimi-code's on line 8, the default chain on line 12. */
function configText(moonshotBaseUrl: string, kimiCodeBaseUrl = sim.kimiCodeBaseUrl): string {
  return twoProviderConfig(sim, {
    moonshotBaseUrl,
    kimiCodeBaseUrl,
    defaultModel: "{ primary: 'moonshot/kimi-k2.5', fallbacks: ['kimi-code/kimi-for-coding'] }",
  });
}

function stateWith(text: string) {
  const dir = tempDir("openclaw-broken-default-cli-");
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, text);
  return { configPath, env: { OPENCLAW_STATE_DIR: dir, HOME: dir } };
}

const schemaReason = (configPath: string) =>
  `provider "moonshot" is not usable: models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4)`;

const leftOutWarning = (configPath: string) =>
  `warning: the default chain leaves out moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:12), kimi-code/kimi-for-coding answers instead: ${schemaReason(configPath)}; write the full URL, for example "https://api.moonshot.ai/v1"`;

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const warningsOf = (stderr: string) =>
  stderr.split("\n").filter((line) => line.startsWith("warning:"));

describe("the default chain when its primary's provider cannot be used", () => {
  it("agent: the fallback answers (exit 0), with one warning naming the left-out primary", async () => {
    const { configPath, env } = stateWith(configText(BAD_URL));
    const result = await runCli(["agent", "-m", "hi"], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).not.toBe("");
    expect(warningsOf(result.stderr)).toEqual([leftOutWarning(configPath)]);
    // No per-request "falling back" line: nothing was tried and failed.
    expect(result.stderr).not.toContain("falling back");
    expect(result.stderr).toContain(
      "kimi-code/kimi-for-coding · tokens: 5 in, 13 out · cost Kimi Code plan quota (not per token; openclaw models status --probe shows what is left) · ",
    );
    expect(result.stderr).toContain("fell back from moonshot/kimi-k2.5");

    const json = await runCli(["agent", "-m", "hi", "--json"], { env });
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as {
      model: string;
      fallback: { from: string; to: string } | null;
      failedAttempts: unknown[];
      warnings: string[];
    };
    expect(out).toMatchObject({
      model: "kimi-code/kimi-for-coding",
      fallback: { from: "moonshot/kimi-k2.5", to: "kimi-code/kimi-for-coding" },
      failedAttempts: [],
      warnings: [leftOutWarning(configPath).slice("warning: ".length)],
    });
  });

  it("agent: a fallback whose provider cannot be used is left out with one warning; the primary answers", async () => {
    const { configPath, env } = stateWith(configText(sim.moonshotBaseUrl, BAD_URL));
    const result = await runCli(["agent", "-m", "hi", "--json"], { env });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as {
      model: string;
      fallback: unknown;
      warnings: string[];
    };
    expect(out.model).toBe("moonshot/kimi-k2.5");
    expect(out.fallback).toBeNull();
    // One warning, up to its hint (the schema's URL hint is the same for every provider).
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(
      new RegExp(
        `^${escaped(`the default chain leaves out kimi-code/kimi-for-coding (agents.defaults.model.fallbacks[0], ${configPath}:12), moonshot/kimi-k2.5 answers instead: provider "kimi-code" is not usable: models.providers.kimi-code.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:8); `)}`,
      ),
    );
  });

  it("chat: the fallback answers, with the same one warning", async () => {
    const { configPath, env } = stateWith(configText(BAD_URL));
    const result = await runCli(["chat"], { env, input: "hi\n" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Echo: hi");
    expect(warningsOf(result.stderr)).toEqual([leftOutWarning(configPath)]);
  });

  it("agent with every member unusable fails (exit 1) naming each member's reason", async () => {
    const { configPath, env } = stateWith(configText(BAD_URL, "${H8_UNSET_KIMI_URL}"));
    const result = await runCli(["agent", "-m", "hi"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `error: no model of the default chain can be used: moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:12): ${schemaReason(configPath)}; kimi-code/kimi-for-coding (agents.defaults.model.fallbacks[0], ${configPath}:12): environment variable H8_UNSET_KIMI_URL is not set (used at models.providers.kimi-code.baseUrl)`,
    );
    expect(result.stderr).toContain(
      'hint: write the full URL, for example "https://api.moonshot.ai/v1"; export H8_UNSET_KIMI_URL=... in your shell',
    );
    expect(warningsOf(result.stderr)).toEqual([]);
  });

  it("config validate and doctor still fail on the broken provider (exit 1)", async () => {
    const { configPath, env } = stateWith(configText(BAD_URL));
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(
      `models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4)`,
    );
    const doctor = await runCli(["doctor"], { env });
    expect(doctor.code).toBe(1);
    expect(`${doctor.stdout}${doctor.stderr}`).toContain("models.providers.moonshot.baseUrl");
  });

  it("the library's default chain: the fallback answers and the result names the left-out primary", async () => {
    const { configPath } = stateWith(configText(BAD_URL));
    const { runtime, catalog } = openRuntime({
      configPath,
      env: { OPENCLAW_STATE_DIR: tempDir("openclaw-broken-default-lib-") },
    });
    // What the CLI warns about, for a program to say: the member left out, where and why.
    const chain = resolveDefaultChain(catalog);
    expect(chain.models.map((model) => model.ref)).toEqual(["kimi-code/kimi-for-coding"]);
    expect(chain.first).toBe("moonshot/kimi-k2.5");
    expect(
      chain.skipped.map(({ ref, path, origin, error }) => ({
        ref,
        path,
        origin,
        message: error.message,
      })),
    ).toEqual([
      {
        ref: "moonshot/kimi-k2.5",
        path: "agents.defaults.model.primary",
        origin: `${configPath}:12`,
        // The member's own error names it; the CLI's sentence, which names it already, does not.
        message: schemaReason(configPath).replace(
          'provider "moonshot"',
          'provider "moonshot" in "moonshot/kimi-k2.5"',
        ),
      },
    ]);
    const result = await runtime.complete({
      request: { messages: [{ role: "user", content: "hi" }] },
    });
    expect(result.model).toBe("kimi-code/kimi-for-coding");
    expect(result.fallbackFrom).toBe("moonshot/kimi-k2.5");
    expect(result.failedAttempts).toEqual([]);
  });
});
