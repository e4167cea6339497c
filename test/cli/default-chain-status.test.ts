/**
 * `models status`, `models list` and `doctor` describe the default chain as a request gets it:
 * a primary whose provider cannot be used is left out and its fallback answers (as `agent`,
 * `chat` and the gateway do), so they say which member answers and why the primary is left out
 * (at its file:line), and `--check` fails only when nothing can answer the default (no member
 * usable, a member naming nothing, or no key for the one that answers). Real CLI; nothing here
 * sends a request.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { startSimulator } from "../simulator/index.js";

const BAD_URL = "htp:/bad url";
const KIMI_CODE_URL = "http://127.0.0.1:20001/coding/v1";

interface Options {
  /** Moonshot's baseUrl on line 4; undefined leaves the line empty (no baseUrl). */
  moonshotBaseUrl?: string | undefined;
  kimiCodeBaseUrl?: string;
  /** Kimi Code's apiKey line (line 9); false writes none. */
  kimiCodeKey?: boolean;
  fallback?: string;
}

/** Moonshot's base URL on line 4, kimi-code's on line 8, the default chain on line 12. */
function configText(options: Options): string {
  const moonshot = "moonshotBaseUrl" in options ? options.moonshotBaseUrl : BAD_URL;
  return [
    "{",
    "  models: { mode: 'replace', providers: {",
    "    moonshot: {",
    moonshot === undefined ? "" : `      baseUrl: ${JSON.stringify(moonshot)},`,
    "      apiKey: 'sk-test-aaaaaaaaaaaaaaaaaaaaaaaaaaaa', api: 'openai-completions',",
    "      models: [{ id: 'kimi-k2.5', name: 'Kimi K2.5' }] },",
    "    'kimi-code': {",
    `      baseUrl: ${JSON.stringify(options.kimiCodeBaseUrl ?? KIMI_CODE_URL)},`,
    options.kimiCodeKey === false
      ? "      api: 'openai-completions',"
      : "      apiKey: 'sk-kimi-bbbbbbbbbbbbbbbbbbbbbbbbbbbb', api: 'openai-completions',",
    "      headers: { 'User-Agent': 'KimiCLI/0.77' },",
    "      models: [{ id: 'kimi-for-coding', name: 'Kimi For Coding' }] } } },",
    `  agents: { defaults: { model: { primary: 'moonshot/kimi-k2.5', fallbacks: [${JSON.stringify(options.fallback ?? "kimi-code/kimi-for-coding")}] } } },`,
    "}",
    "",
  ].join("\n");
}

function stateWith(options: Options = {}) {
  const dir = tempDir("openclaw-default-chain-status-");
  chmodSync(dir, 0o700);
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, configText(options), { mode: 0o600 });
  return { configPath, env: { OPENCLAW_STATE_DIR: dir, HOME: dir } };
}

const schemaReason = (configPath: string) =>
  `provider "moonshot" is not usable: models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4)`;
const URL_HINT = 'write the full URL, for example "https://api.moonshot.ai/v1"';

/** What `agent` warns, word for word: `models status` says the same. */
const leftOutSentence = (configPath: string, reason: string, hint: string) =>
  `the default chain leaves out moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:12), kimi-code/kimi-for-coding answers instead: ${reason}; ${hint}`;

/** A line of output with its run of spaces (a table's padding) made one. */
const squeezed = (text: string) => text.split("\n").map((line) => line.replace(/ {2,}/g, "  "));

describe("models status and a default chain whose primary is left out", () => {
  it("says the fallback answers in the primary's place, and why, and --check passes", async () => {
    const { configPath, env } = stateWith();
    const sentence = leftOutSentence(configPath, schemaReason(configPath), URL_HINT);
    for (const args of [
      ["models", "status"],
      ["models", "status", "--check"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(
        "Default:     moonshot/kimi-k2.5 (left out: kimi-code/kimi-for-coding answers in its place)",
      );
      expect(result.stdout).toContain(`warning: ${sentence}`);
      // It said the default could not be used, without a word on the fallback that answers.
      expect(result.stdout).not.toContain("the default model moonshot/kimi-k2.5 cannot be used");
      expect(result.stderr).toBe("");
    }

    const json = await runCli(["models", "status", "--json", "--check"], { env });
    expect(json.code, json.stderr).toBe(0);
    const status = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({
      ok: true,
      default: "moonshot/kimi-k2.5",
      chain: ["kimi-code/kimi-for-coding"],
      leftOut: [
        {
          ref: "moonshot/kimi-k2.5",
          path: "agents.defaults.model.primary",
          origin: `${configPath}:12`,
          message: schemaReason(configPath),
          hint: URL_HINT,
          warning: sentence,
        },
      ],
    });
    expect(status.defaultProblem).toBeNull();

    const plain = await runCli(["models", "status", "--plain"], { env });
    expect(plain.stdout.split("\n")).toEqual(
      expect.arrayContaining([
        "chain\tkimi-code/kimi-for-coding",
        "leftout\tmoonshot/kimi-k2.5\tagents.defaults.model.primary",
      ]),
    );
  });

  it("--check fails when the fallback left to answer in the primary's place has no key", async () => {
    const { configPath, env } = stateWith({ kimiCodeKey: false });
    const result = await runCli(["models", "status", "--check"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr.replace(/\s+/g, " ")).toContain(
      `error: nothing in the default chain can answer: moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:12) is left out: `,
    );
    expect(result.stderr).toContain("no usable key for kimi-code");
  });

  it("--probe --check fails when the key of the fallback answering in the primary's place is rejected", async () => {
    const sim = await startSimulator();
    try {
      // Kimi Code's key in the config (sk-kimi-bbbb…) is not one the simulator takes.
      const { env } = stateWith({ kimiCodeBaseUrl: sim.kimiCodeBaseUrl });
      const result = await runCli(["models", "status", "--probe", "--check"], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        "error: the key for kimi-code (the provider of kimi-code/kimi-for-coding, which answers the default) was not accepted: ",
      );
    } finally {
      await sim.close();
    }
  });

  it("--check fails naming each member when no member of the chain can be used", async () => {
    const { configPath, env } = stateWith({ kimiCodeBaseUrl: BAD_URL });
    const result = await runCli(["models", "status", "--check", "--json"], { env });
    expect(result.code).toBe(1);
    const status = JSON.parse(result.stdout) as { ok: boolean; chain: string[] };
    expect(status).toMatchObject({ ok: false, chain: [] });
    const text = await runCli(["models", "status", "--check"], { env });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(
      `error: no model of the default chain can be used: moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:12): ${schemaReason(configPath)}; kimi-code/kimi-for-coding (agents.defaults.model.fallbacks[0], ${configPath}:12): `,
    );
  });

  it("--check fails on a fallback that names nothing, which fails the chain as agent does", async () => {
    const { env } = stateWith({
      moonshotBaseUrl: "http://127.0.0.1:20001/v1",
      fallback: "kimi-code/kimi-for-codin",
    });
    const agent = await runCli(["agent", "-m", "hi"], { env });
    expect(agent.code).toBe(1);
    const result = await runCli(["models", "status", "--check"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: the default chain cannot be used: fallback 1 (agents.defaults.model.fallbacks[0]) kimi-code/kimi-for-codin cannot be used: unknown model "kimi-for-codin" for provider "kimi-code"',
    );
  });
});

describe("models list and doctor with the primary left out", () => {
  it("models list tags the primary left out and the fallback that answers the default", async () => {
    const { env } = stateWith();
    const result = await runCli(["models", "list"], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(squeezed(result.stdout)).toEqual(
      expect.arrayContaining([
        "moonshot/kimi-k2.5  -  -  no  -  default (left out), unusable: config",
        "kimi-code/kimi-for-coding  text  200k  yes  config  fallback#1, answers default",
      ]),
    );
    const json = await runCli(["models", "list", "--json"], { env });
    const { models } = JSON.parse(json.stdout) as { models: { ref: string; tags: string[] }[] };
    expect(models.map((row) => [row.ref, row.tags])).toEqual([
      ["moonshot/kimi-k2.5", ["default (left out)", "unusable: config"]],
      ["kimi-code/kimi-for-coding", ["fallback#1", "answers default"]],
    ]);
    // A healthy chain has no such tags.
    const healthy = stateWith({ moonshotBaseUrl: "http://127.0.0.1:20001/v1" });
    const plain = await runCli(["models", "list", "--json"], { env: healthy.env });
    const rows = (JSON.parse(plain.stdout) as { models: { ref: string; tags: string[] }[] }).models;
    expect(rows.map((row) => row.tags)).toEqual([["default"], ["fallback#1"]]);
  });

  it("doctor's model check warns what answers the default (the config check still fails)", async () => {
    const { configPath, env } = stateWith({ moonshotBaseUrl: undefined });
    const result = await runCli(["doctor", "--json"], { env });
    expect(result.code).toBe(1);
    const { findings } = JSON.parse(result.stdout) as {
      findings: { check: string; level: string; message: string }[];
    };
    const model = findings.filter((entry) => entry.check === "model");
    expect(model).toEqual([
      expect.objectContaining({
        level: "warn",
        message: leftOutSentence(
          configPath,
          'provider "moonshot" is not usable: provider "moonshot" has no baseUrl',
          'add baseUrl, e.g. "https://api.example.com/v1"; only built-in providers (moonshot, moonshot-cn, kimi-code) have one already',
        ),
      }),
    ]);
    expect(findings.filter((entry) => entry.check === "config")[0]?.level).toBe("fail");
  });
});
