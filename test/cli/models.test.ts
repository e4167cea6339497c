import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { onboardChoice, onboardWithKey } from "../helpers/onboard-args.js";
import { startTerminal } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import {
  closedPort,
  expectNoSecrets,
  freshState,
  KIMI_KEY,
  MOONSHOT_KEY,
  type StateDir,
} from "../onboard/harness.js";
import {
  CURRENT_SIM_MODELS,
  RETIRED_SIM_MODELS,
  type Simulator,
  startSimulator,
} from "../simulator/index.js";

const SEED = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

function seeded(env: Record<string, string> = {}): StateDir {
  const state = freshState(env);
  copyFileSync(SEED, state.configPath);
  return state;
}

interface Row {
  ref: string;
  input: string[];
  contextWindow: number;
  auth: { available: boolean; source?: string; masked?: string };
  tags: string[];
}

describe("openclaw models list", () => {
  it("shows the seed config's models with input, context, auth and tags", async () => {
    const state = seeded();
    const table = await state.run(["models", "list"]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Model\s+Input\s+Ctx\s+Local\s+Auth\s+Tags$/);
    expect(lines).toHaveLength(6);
    expect(table.stdout).toMatch(
      /moonshot\/kimi-k2\.5\s+text\s+256k\s+no\s+none\s+default, configured, alias:Kimi K2\.5/,
    );
    expect(table.stdout).toMatch(
      /moonshot\/kimi-k2-thinking\s+text\s+256k\s+no\s+none\s+configured, alias:Kimi K2 Thinking, retired: use kimi-k2\.5\n/,
    );

    // The docs' "sk-..." placeholder is not a key; a real one in the environment is.
    const json = await state.run(["models", "list", "--json"], { MOONSHOT_API_KEY: MOONSHOT_KEY });
    expectNoSecrets(json, MOONSHOT_KEY);
    const rows = (JSON.parse(json.stdout) as { models: Row[] }).models;
    expect(rows.map((row) => row.ref)).toEqual([
      "moonshot/kimi-k2.5",
      "moonshot/kimi-k2-0905-preview",
      "moonshot/kimi-k2-turbo-preview",
      "moonshot/kimi-k2-thinking",
      "moonshot/kimi-k2-thinking-turbo",
    ]);
    expect(rows[0]).toMatchObject({
      input: ["text"],
      contextWindow: 256000,
      auth: { available: true, source: "env MOONSHOT_API_KEY", masked: "sk-…0001" },
      tags: ["default", "configured", "alias:Kimi K2.5"],
    });
  });

  it("shows a 262144-token window as 256k, as a 256000-token one; --json has the exact numbers", async () => {
    const state = freshState();
    const table = await state.run(["models", "list", "--all"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/\nmoonshot\/kimi-k2\.5\s+text\s+256k\s/);
    expect(table.stdout).toMatch(/\nkimi-code\/kimi-for-coding\s+text\s+256k\s/);
    const json = await state.run(["models", "list", "--all", "--json"]);
    const rows = (JSON.parse(json.stdout) as { models: Row[] }).models;
    const window = (ref: string) => rows.find((row) => row.ref === ref)?.contextWindow;
    expect(window("moonshot/kimi-k2.5")).toBe(256000);
    expect(window("kimi-code/kimi-for-coding")).toBe(262144);
  });

  it("at 80 columns shows every tag, its cell wrapped; narrower, blocks without empty fields", async () => {
    const state = seeded();
    const table = await state.run(["models", "list"], { COLUMNS: "80" });
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(table.stdout).not.toContain("…");
    // The Tags column starts where its header does; a row goes on under it.
    const at = lines[0]?.indexOf("Tags") ?? -1;
    const tagsOf = (ref: string) => {
      const first = lines.findIndex((line) => line.startsWith(`${ref} `));
      const cells = [lines[first]?.slice(at) ?? ""];
      for (const line of lines.slice(first + 1)) {
        if (line.slice(0, at).trim() !== "") break;
        cells.push(line.slice(at));
      }
      return cells.join(" ");
    };
    expect(tagsOf("moonshot/kimi-k2.5")).toBe("default, configured, alias:Kimi K2.5");
    expect(tagsOf("moonshot/kimi-k2-thinking-turbo")).toBe(
      "configured, alias:Kimi K2 Thinking Turbo, retired: use kimi-k2.5",
    );

    // Without an allowlist most of the catalog has no tag: its blocks have no empty Tags line.
    const bare = freshState();
    writeFileSync(bare.configPath, '{ agents: { defaults: { model: "moonshot/kimi-k2.5" } } }\n');
    const blocks = await bare.run(["models", "list", "--all"], { COLUMNS: "40" });
    expect(blocks.code).toBe(0);
    expect(blocks.stdout).toContain("Model  moonshot/kimi-k2.5\n");
    expect(blocks.stdout).toContain("Tags   default\n");
    expect(blocks.stdout).toMatch(/Model {2}moonshot-cn\/kimi-k2\.5\n(?:.+\n)*?Auth {3}none\n\n/);
    expect(blocks.stdout).not.toMatch(/^Tags\s*$/m);
  });

  it("tags fallbacks and missing models, filters by provider, and lists everything with --all", async () => {
    const state = seeded();
    const seed = readFileSync(SEED, "utf8").replace(
      'model: { primary: "moonshot/kimi-k2.5" }',
      'model: { primary: "moonshot/kimi-k2.5", fallbacks: ["kimi-code/kimi-for-coding", "moonshot/kimi-k9"] }',
    );
    writeFileSync(state.configPath, seed);
    const list = await state.run(["models", "list", "--json"]);
    const rows = (JSON.parse(list.stdout) as { models: Row[] }).models;
    expect(rows.find((row) => row.ref === "kimi-code/kimi-for-coding")?.tags).toEqual([
      "fallback#1",
    ]);
    expect(rows.find((row) => row.ref === "moonshot/kimi-k9")?.tags).toEqual([
      "fallback#2",
      "missing",
    ]);

    // An empty list says which filter emptied it.
    const noneLocal = await state.run(["models", "list", "--local"]);
    expect(noneLocal.code).toBe(0);
    expect(noneLocal.stdout).toBe(
      "No local models: none of the configured providers' endpoints is on this machine or its local network (see the whole catalog with --all).\n",
    );
    const builtinOnly = seeded();
    const noKimi = await builtinOnly.run(["models", "list", "--provider", "kimi-code"]);
    expect(noKimi.stdout).toBe(
      "No kimi-code models configured (see the whole catalog with --all).\n",
    );

    const plain = await state.run(["models", "list", "--plain", "--provider", "kimi-code"]);
    expect(plain.stdout).toBe("kimi-code/kimi-for-coding\n");

    const all = await state.run(["models", "list", "--all", "--plain"]);
    expect(all.stdout).toContain("moonshot-cn/kimi-k2.5\n");
    expect(all.stdout).toContain("kimi-code/kimi-for-coding\n");

    const unknown = await state.run(["models", "list", "--provider", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown provider "nope"');

    // One mistake, one error code: --provider, scan --provider and a model typed all say it alike.
    const codes: string[] = [];
    for (const args of [
      ["models", "list", "--provider", "nope", "--json"],
      ["models", "scan", "--provider", "nope", "--json"],
      ["models", "set", "nope/x", "--json"],
    ]) {
      const result = await state.run(args);
      expect(result.code, args.join(" ")).toBe(2);
      codes.push((JSON.parse(result.stdout) as { error: { code: string } }).error.code);
    }
    expect(codes).toEqual(Array(3).fill("model.unknown_provider"));

    // A typo of a provider's name: the close one suggested, as `models set moonshto/x` does.
    for (const command of ["scan", "list"]) {
      const typo = await state.run(["models", command, "--provider", "moonshto"]);
      expect(typo.code, command).toBe(2);
      expect(typo.stderr, command).toContain(
        'error: unknown provider "moonshto": did you mean "moonshot"?',
      );
      expect(typo.stderr, command).toContain("hint: known providers: moonshot,");
    }
  });

  it("marks models served from this machine or the local network, and lists only those with --local", async () => {
    const state = seeded({ VLLM_HOST: "192.168.1.20" });
    const providers: [string, string][] = [
      ["ollama", "http://127.0.0.1:11434/v1"],
      ["vllm", "http://${VLLM_HOST}:8000/v1"],
      ["remote", "https://llm.example.com/v1"],
    ];
    for (const [id, baseUrl] of providers) {
      const set = await state.run([
        "config",
        "set",
        `models.providers.${id}`,
        JSON.stringify({ baseUrl, api: "openai-completions", models: [{ id: "m", name: "M" }] }),
      ]);
      expect(set.code).toBe(0);
    }
    const table = await state.run(["models", "list"]);
    expect(table.stdout).toMatch(/ollama\/m\s+text\s+\S+\s+yes\s/);
    expect(table.stdout).toMatch(/vllm\/m\s+text\s+\S+\s+yes\s/);
    expect(table.stdout).toMatch(/remote\/m\s+text\s+\S+\s+no\s/);

    const local = await state.run(["models", "list", "--local", "--plain"]);
    expect(local.code).toBe(0);
    expect(local.stdout).toBe("ollama/m\nvllm/m\n");
    const json = await state.run(["models", "list", "--local", "--json"]);
    const rows = (JSON.parse(json.stdout) as { models: (Row & { local: boolean })[] }).models;
    expect(rows.map((row) => [row.ref, row.local])).toEqual([
      ["ollama/m", true],
      ["vllm/m", true],
    ]);
  });
});

describe("openclaw models list with a config problem", () => {
  it("says what is wrong (a provider without baseUrl) instead of 'No models configured'", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      '{ models: { providers: { m: { models: [ { id: "a", name: "A" } ] } } } }',
    );
    const table = await state.run(["models", "list"]);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe(
      'warning: models.providers.m.baseUrl: provider "m" has no baseUrl\nhint: see it and what to do with: openclaw config validate\n',
    );
    expect(table.stdout).not.toContain("No models configured");
    expect(table.stdout).toContain("the config has problems");

    const json = await state.run(["models", "list", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      models: [],
      problems: [{ level: "error", path: "models.providers.m.baseUrl" }],
    });

    // Placed at its file and line, as models status --json and config validate --json place it.
    expect(JSON.parse(json.stdout).problems[0]).toMatchObject({
      file: state.configPath,
      line: 1,
    });

    const only = await state.run(["models", "list", "--provider", "m"]);
    expect(only.code).toBe(1);
    expect(only.stderr).toMatch(/^error: provider "m" has no baseUrl\n/);
    expect(only.stderr).toContain("hint: add baseUrl");
  });
});

describe("openclaw models status", () => {
  it("fails --check when the default model has no usable key, and says why", async () => {
    const state = seeded();
    const result = await state.run(["models", "status", "--check"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Default:     moonshot/kimi-k2.5 (alias Kimi K2.5)");
    expect(result.stdout).toMatch(
      /env MOONSHOT_API_KEY \(from the config's env block\): .*placeholder/,
    );
    expect(result.stdout).toMatch(/missing: no usable key/);
    expect(result.stderr).toContain("error: no usable key for moonshot");
  });

  it("passes --check with a key and shows which source wins, masked", async () => {
    const state = seeded({ MOONSHOT_API_KEY: MOONSHOT_KEY });
    const result = await state.run(["models", "status", "--check", "--json"]);
    expect(result.code).toBe(0);
    expectNoSecrets(result, MOONSHOT_KEY);
    const status = JSON.parse(result.stdout) as {
      ok: boolean;
      default: string;
      providers: {
        provider: string;
        active: string;
        masked: string;
        sources: { label: string; state: string }[];
      }[];
    };
    expect(status.ok).toBe(true);
    const moonshot = status.providers.find((p) => p.provider === "moonshot");
    expect(moonshot).toMatchObject({ active: "env MOONSHOT_API_KEY", masked: "sk-…0001" });
    expect(moonshot?.sources.map((s) => [s.label, s.state])).toEqual([
      ["profile moonshot:default", "missing"],
      ["env MOONSHOT_API_KEY", "set"],
      ["config models.providers.moonshot.apiKey", "set"],
    ]);
  });
});

describe("openclaw models status of a provider called without a key", () => {
  it("says no key is needed with authHeader: false, passes --check, and list shows it usable", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      JSON.stringify({
        models: {
          providers: {
            lan: customProvider([{ id: "qwen3", name: "Qwen3" }], {
              baseUrl: "http://192.168.1.20:8000/v1",
              authHeader: false,
            }),
          },
        },
        agents: { defaults: { model: { primary: "lan/qwen3" } } },
      }),
    );
    const status = await state.run(["models", "status", "--check"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("no key needed: it is called without one (authHeader: false)");
    expect(status.stdout).not.toMatch(/missing: no usable key/);
    const json = await state.run(["models", "status", "--json"]);
    const lan = (
      JSON.parse(json.stdout) as { providers: { provider: string; keyRequired: boolean }[] }
    ).providers.find((provider) => provider.provider === "lan");
    expect(lan?.keyRequired).toBe(false);
    const list = await state.run(["models", "list", "--json"]);
    const rows = JSON.parse(list.stdout) as { models: Row[] };
    expect(rows.models.find((row) => row.ref === "lan/qwen3")?.auth).toMatchObject({
      available: true,
      source: "not needed",
    });
    const table = await state.run(["models", "list"]);
    expect(table.stdout).toMatch(/lan\/qwen3 .* not needed/);
    const doctor = await state.run(["doctor", "--json"]);
    expect(doctor.stdout).toContain("lan: no key needed (authHeader: false)");
  });
});

describe("openclaw models status behind a proxy", () => {
  it("shows the proxy in use and which providers go through it, its login hidden", async () => {
    const state = seeded({
      MOONSHOT_API_KEY: MOONSHOT_KEY,
      HTTPS_PROXY: "http://alice:s3cret@proxy.corp.example:3128",
      NO_PROXY: "api.kimi.com",
    });
    const text = await state.run(["models", "status"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      "Proxy:       https via http://proxy.corp.example:3128 (HTTPS_PROXY); direct: loopback, api.kimi.com",
    );
    expect(text.stdout).toContain(
      "moonshot (https://api.moonshot.ai/v1) via http://proxy.corp.example:3128 (HTTPS_PROXY)",
    );
    expect(text.stdout).not.toContain("s3cret");
    const json = JSON.parse((await state.run(["models", "status", "--json"])).stdout) as {
      proxy: string;
      providers: { provider: string; proxy?: string }[];
    };
    expect(json.proxy).toContain("http://proxy.corp.example:3128");
    expect(json.providers.find((p) => p.provider === "moonshot")?.proxy).toBe(
      "http://proxy.corp.example:3128 (HTTPS_PROXY)",
    );
  });

  it("reads the proxy from the config's env block too, and reports a bad one instead of failing", async () => {
    const state = seeded({ MOONSHOT_API_KEY: MOONSHOT_KEY });
    const config = readFileSync(state.configPath, "utf8").replace(
      'env: { MOONSHOT_API_KEY: "sk-..." },',
      'env: { MOONSHOT_API_KEY: "sk-...", HTTPS_PROXY: "http://cfg-proxy.example:8080" },',
    );
    writeFileSync(state.configPath, config);
    const fromBlock = await state.run(["models", "status"]);
    expect(fromBlock.stdout).toContain("via http://cfg-proxy.example:8080 (HTTPS_PROXY)");
    const bad = await state.run(["models", "status"], { HTTPS_PROXY: "socks5://127.0.0.1:1080" });
    expect(bad.code).toBe(0);
    expect(bad.stdout).toContain(
      "Proxy:       HTTPS_PROXY names a socks5 proxy; only HTTP proxies are supported",
    );
  });
});

describe("openclaw models status --probe", () => {
  const sims = regionSimulators();

  function regions(key: string): StateDir {
    const state = freshState({
      MOONSHOT_API_KEY: key,
      OPENCLAW_MOONSHOT_AI_BASE_URL: sims.ai.moonshotBaseUrl,
      OPENCLAW_MOONSHOT_CN_BASE_URL: sims.cn.moonshotBaseUrl,
    });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "moonshot/kimi-k2.5" } },
        models: { providers: { moonshot: { baseUrl: sims.ai.moonshotBaseUrl } } },
      }),
    );
    return state;
  }

  it("shows a spinner on a terminal while probing, but none with --json", async () => {
    const state = regions(sims.ai.keys.moonshot);
    const text = startTerminal(["models", "status", "--probe"], { env: state.env });
    await text.waitFor("trying the keys with the providers…", 0);
    expect(await text.exited).toBe(0);
    // Run by a shell that stays open after it (reading its terminal) and says the exit code: a
    // terminal whose only process exits can lose the end of what it wrote (in a clean-clone CI the
    // screen stopped about 4 KB into the JSON), so the screen is read once the shell's line came.
    const json = startTerminal([], {
      env: state.env,
      shell: `"${process.execPath}" "${CLI}" models status --probe --json; echo "exited $?"; read line`,
    });
    try {
      await json.waitFor(/exited \d+/, 0);
      expect(json.plain()).toContain("exited 0");
      expect(json.plain()).toMatch(/"ok": true\s*\}\s*exited 0/);
      expect(json.plain()).not.toContain("trying the keys");
    } finally {
      json.kill();
    }
  });

  it("shows that the key works, under its provider", async () => {
    const state = regions(sims.ai.keys.moonshot);
    const result = await state.run(["models", "status", "--probe", "--check"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^ {2}✓ probe: the key works on http:\/\/127\.0\.0\.1:\d+\/v1 \(\d+ models? available\)$/m,
    );
    // What the key has left, from the account's balance endpoint (USD on the .ai region).
    expect(result.stdout).toMatch(/^ {4}balance: \$49\.50 \(voucher \$46\.50, cash \$3\.00\)$/m);
    const plain = await state.run(["models", "status", "--probe", "--plain"]);
    expect(plain.stdout).toContain("probe\tmoonshot\tvalid");
    expect(plain.stdout).toContain("balance\tmoonshot\t49.5\tUSD");
  });

  it("shows a Kimi Code key's plan quota and when it resets", async () => {
    const state = freshState({
      KIMICODE_API_KEY: sims.ai.keys.kimiCode,
      OPENCLAW_KIMI_CODE_BASE_URL: sims.ai.kimiCodeBaseUrl,
    });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "kimi-code/kimi-for-coding" } },
        models: { providers: { "kimi-code": { baseUrl: sims.ai.kimiCodeBaseUrl } } },
      }),
    );
    const result = await state.run(["models", "status", "--probe"]);
    // A line per window /usages reports (see plan-quota-windows.test.ts); the simulator's plan
    // resets ahead of its clock, as a live plan's does.
    expect(result.stdout).toMatch(
      /^ {4}plan quota:\n {6}week {2}80 of 100 left, resets \d{4}-\d\d-\d\d \d\d:00 UTC, in \d+ d \d+ h\n {6}5 h {3}95 of 100 left, resets \d{4}-\d\d-\d\d \d\d:00 UTC, in \d+ h/m,
    );
    expect(result.stdout).not.toContain("already passed");
    const json = JSON.parse(
      (await state.run(["models", "status", "--probe", "--json"])).stdout,
    ) as { probes: { provider: string; credit?: unknown }[] };
    expect(json.probes.find((probe) => probe.provider === "kimi-code")?.credit).toMatchObject({
      kind: "quota",
      limit: 100,
      remaining: 80,
    });
    const kimiProbe = json.probes.find((probe) => probe.provider === "kimi-code");
    const { resetTime } = (kimiProbe?.credit ?? {}) as { resetTime?: string };
    expect(resetTime).toEqual(expect.any(String));
    expect(Date.parse(String(resetTime))).toBeGreaterThan(Date.now());
  });

  it("names a key from the other region, and --check fails with where it belongs", async () => {
    const state = regions(sims.ai.keys.otherRegion);
    const result = await state.run(["models", "status", "--probe", "--check"]);
    expect(result.code).toBe(1);
    // Said once, as the error with its hint (the probe's line points to it); without --check
    // the probe's line says it (the test below).
    expect(result.stdout).toContain(
      "  ✗ probe: failed: the error: line on stderr says why and what to do",
    );
    expect(result.stdout).not.toContain("hint:");
    expect(result.stderr).toMatch(
      /^error: the key for moonshot \(the default model's provider\) was not accepted: /m,
    );
    // The built-in provider of the key's region is named, not moonshot pointed there.
    expect(result.stderr).toContain(
      `hint: use moonshot-cn/kimi-k2.5 instead: this key belongs to the China platform (${new URL(sims.cn.moonshotBaseUrl).host}), where provider moonshot-cn sends it`,
    );
    expectNoSecrets(result, sims.ai.keys.otherRegion);
    const json = JSON.parse(
      (await state.run(["models", "status", "--probe", "--json"])).stdout,
    ) as {
      ok: boolean;
      probes: { provider: string; result: { status: string } }[];
    };
    expect(json.ok).toBe(false);
    expect(json.probes).toEqual([
      expect.objectContaining({
        provider: "moonshot",
        result: expect.objectContaining({ status: "wrong_region" }),
      }),
    ]);
  });

  it("fits a refused key's explanation and hint to $COLUMNS, under their text", async () => {
    const state = regions(sims.ai.keys.otherRegion);
    const result = await state.run(["models", "status", "--probe"], { COLUMNS: "80" });
    const lines = result.stdout.trimEnd().split("\n");
    // Paths are kept whole (the config's may be wider); every probe line fits.
    const probeAt = lines.findIndex((line) => line.startsWith("  ✗ probe: "));
    const hintAt = lines.findIndex((line) => line.startsWith("    hint: "));
    expect(probeAt).toBeGreaterThan(0);
    expect(hintAt).toBeGreaterThan(probeAt + 1);
    for (const line of lines.slice(probeAt)) expect([...line].length).toBeLessThanOrEqual(80);
    // Further lines go under the text after the label.
    expect(lines[probeAt + 1]).toMatch(/^ {11}\S/);
    expect(lines[hintAt + 1]).toMatch(/^ {10}\S/);
    const hint = lines
      .slice(hintAt)
      .map((line) => line.trim())
      .join(" ");
    expect(hint).toContain(
      `hint: use moonshot-cn/kimi-k2.5 instead: this key belongs to the China platform (${new URL(sims.cn.moonshotBaseUrl).host}), where provider moonshot-cn sends it (or keep moonshot/kimi-k2.5 with: openclaw onboard --auth-choice moonshot-api-key-cn, which moves provider moonshot there)`,
    );
  });
});

describe("a key written into the config itself", () => {
  it("is masked in models status --json, like everywhere else", async () => {
    const key = "sk-test-inline-key-8888";
    const state = freshState();
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "moonshot/kimi-k2.5" } },
        models: { providers: { moonshot: { apiKey: key } } },
      }),
    );
    const result = await state.run(["models", "status", "--json"]);
    expect(result.code).toBe(0);
    expectNoSecrets(result, key);
    const status = JSON.parse(result.stdout) as {
      providers: { provider: string; sources: { source: { kind: string; template?: string } }[] }[];
    };
    const sources = status.providers.find((p) => p.provider === "moonshot")?.sources ?? [];
    expect(sources.find((s) => s.source.kind === "config")?.source.template).toBe("sk-…8888");
  });
});

describe("the docs' snippet pasted with its placeholder key", () => {
  it("a request says the key is the docs' placeholder, not that none was set", async () => {
    const state = seeded();
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).toBe(1);
    // At the line of the seed's `env: { MOONSHOT_API_KEY: "sk-..." }`, where it is replaced.
    expect(result.stderr.replace(/\n\s+/g, " ")).toContain(
      `error: no usable API key for provider "moonshot": env MOONSHOT_API_KEY is a placeholder from the docs, not a real key (${state.configPath}:2)`,
    );
    // The fix first: the placeholder's place, then the other places a key may go.
    expect(result.stderr.replace(/\n\s+/g, " ")).toContain(
      `hint: replace the placeholder from the docs at env.MOONSHOT_API_KEY (${state.configPath}:2) with your real key; or set one of: `,
    );
  });
});

describe("a key onboarded as a reference, run where its variable is not set", () => {
  it("a request names the profile and the unset variable, not just 'no API key found'", async () => {
    const state = freshState();
    const onboard = await state.run(
      onboardChoice("kimi-code-api-key", "--secret-input-mode", "ref", "--skip-health"),
      { KIMICODE_API_KEY: KIMI_KEY },
    );
    expect(onboard.code).toBe(0);
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: no usable API key for provider "kimi-code": profile kimi-code:default: refers to KIMICODE_API_KEY, which is not set',
    );
    expectNoSecrets(result, KIMI_KEY);
  });
});

describe("a refused key that works elsewhere", () => {
  const sims = regionSimulators();
  const endpoints = () => ({
    OPENCLAW_MOONSHOT_AI_BASE_URL: sims.ai.moonshotBaseUrl,
    OPENCLAW_MOONSHOT_CN_BASE_URL: sims.cn.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: sims.ai.kimiCodeBaseUrl,
  });

  it("a request with a key from the other region says where it works and what to set", async () => {
    const state = freshState({ ...endpoints(), MOONSHOT_API_KEY: sims.ai.keys.otherRegion });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "moonshot/kimi-k2.5" } },
        models: { providers: { moonshot: { baseUrl: sims.ai.moonshotBaseUrl } } },
      }),
    );
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("rejected the API key for model kimi-k2.5: 401");
    expect(result.stderr).toContain("(the key works on Moonshot China");
    expect(result.stderr).toContain(
      `hint: use moonshot-cn/kimi-k2.5 instead: this key belongs to the China platform (${new URL(sims.cn.moonshotBaseUrl).host}), where provider moonshot-cn sends it (or keep moonshot/kimi-k2.5 with: openclaw onboard --auth-choice moonshot-api-key-cn, which moves provider moonshot there); or put the right key in $MOONSHOT_API_KEY`,
    );
    expectNoSecrets(result, sims.ai.keys.otherRegion);
    // A key no endpoint takes keeps the plain refusal.
    const bad = await state.run(["agent", "-m", "hi"], { MOONSHOT_API_KEY: "sk-test-nobody-0001" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("rejected the API key");
    expect(bad.stderr).not.toContain("the key works on");
  });

  it("a Moonshot key given to Kimi Code is named as one, by a request and by --probe", async () => {
    const state = freshState({ ...endpoints(), KIMICODE_API_KEY: sims.ai.keys.moonshot });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "kimi-code/kimi-for-coding" } },
        models: { providers: { "kimi-code": { baseUrl: sims.ai.kimiCodeBaseUrl } } },
      }),
    );
    const request = await state.run(["agent", "-m", "hi"]);
    expect(request.code).toBe(1);
    expect(request.stderr).toContain("(the key works on Moonshot international");
    expect(request.stderr).toContain(
      "hint: this is a Moonshot platform key: give kimi-code a Kimi Code key (sk-kimi-…, from kimi.com), and use this one for Moonshot (openclaw onboard --auth-choice moonshot-api-key)",
    );
    const probe = await state.run(["models", "status", "--probe", "--json"]);
    const json = JSON.parse(probe.stdout) as {
      probes: { provider: string; result: { status: string; message: string } }[];
    };
    expect(json.probes).toEqual([
      expect.objectContaining({
        provider: "kimi-code",
        result: expect.objectContaining({ status: "wrong_provider" }),
      }),
    ]);
    expectNoSecrets(request, sims.ai.keys.moonshot);
    expectNoSecrets(probe, sims.ai.keys.moonshot);
  });
});

describe("a default model written as a bare id", () => {
  it("is resolved as a request resolves it: status --check passes and list tags the model", async () => {
    const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY });
    writeFileSync(
      state.configPath,
      `{ agents: { defaults: { model: { primary: "kimi-k2-thinking" } } }, models: { providers: { moonshot: {} } } }`,
    );
    const status = await state.run(["models", "status", "--check", "--json"]);
    expect(status.stderr).toBe("");
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      ok: true,
      default: "moonshot/kimi-k2-thinking",
    });
    const rows = (
      JSON.parse((await state.run(["models", "list", "--json"])).stdout) as {
        models: Row[];
      }
    ).models;
    expect(rows.find((row) => row.ref === "moonshot/kimi-k2-thinking")?.tags).toEqual([
      "default",
      "retired: use kimi-k2.5",
    ]);
    expect(rows.some((row) => row.tags.includes("missing"))).toBe(false);

    // A default no request could use fails --check with the catalog's own reason and hint.
    writeFileSync(
      state.configPath,
      `{ agents: { defaults: { model: { primary: "kimi-k2-thinkin" } } }, models: { providers: { moonshot: {} } } }`,
    );
    const unknown = await state.run(["models", "status", "--check"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^error: the default model kimi-k2-thinkin cannot be used: unknown model or alias "kimi-k2-thinkin" \(closest: .*moonshot\/kimi-k2-thinking\b/,
    );
    expect(unknown.stderr).toContain(
      'hint: did you mean "moonshot/kimi-k2-thinking"? If "kimi-k2-thinkin" is a new model of moonshot, add it under models.providers.moonshot.models, or run: openclaw models scan --provider moonshot --add',
    );
  });
});

describe("models aliases add with aliases in an $include'd file", () => {
  it("refuses an alias another file of the config already uses, and writes nothing", async () => {
    const state = freshState();
    writeFileSync(
      join(state.dir, "aliases.json5"),
      '{ agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "Kimi K2" } } } } }\n',
    );
    const main =
      '{ $include: "./aliases.json5", agents: { defaults: { model: "moonshot/kimi-k2.5" } } }\n';
    writeFileSync(state.configPath, main);
    const add = await state.run([
      "models",
      "aliases",
      "add",
      "Kimi K2",
      "moonshot/kimi-k2-turbo-preview",
    ]);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain("the change would make the config invalid");
    expect(add.stderr).toContain("Kimi K2");
    expect(readFileSync(state.configPath, "utf8")).toBe(main);

    const remove = await state.run(["models", "aliases", "remove", "kimi k2"]);
    expect(remove.code).toBe(1);
    expect(remove.stderr).toContain(
      'alias "Kimi K2" (→ moonshot/kimi-k2.5) is set in a file the config includes',
    );
    expect(readFileSync(state.configPath, "utf8")).toBe(main);
  });

  it("aliases list shows an alias written for two models twice, says which one it names, and warns", async () => {
    const state = freshState();
    // One model in the included file, another in the main file, both "Kimi K2".
    writeFileSync(
      join(state.dir, "aliases.json5"),
      '{ agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "Kimi K2" } } } } }\n',
    );
    writeFileSync(
      state.configPath,
      '{ $include: "./aliases.json5", agents: { defaults: { model: "moonshot/kimi-k2.5", models: { "moonshot/kimi-k2-turbo-preview": { alias: "kimi k2" } } } } }\n',
    );
    const table = await state.run(["models", "aliases", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Kimi K2\s+moonshot\/kimi-k2\.5\s*$/m);
    expect(table.stdout).toMatch(
      /^kimi k2\s+moonshot\/kimi-k2-turbo-preview\s+not used: it names moonshot\/kimi-k2\.5$/m,
    );
    expect(table.stderr).toMatch(/^warning: .*alias "kimi k2" is used for both/m);
    // Too narrow for the table: one block per alias, a Note line only where there is a note.
    const narrow = await state.run(["models", "aliases", "list"], { COLUMNS: "40" });
    expect(narrow.stdout).toBe(
      [
        "Alias  Kimi K2",
        "Model  moonshot/kimi-k2.5",
        "",
        "Alias  kimi k2",
        "Model  moonshot/kimi-k2-turbo-preview",
        "Note   not used: it names",
        "       moonshot/kimi-k2.5",
        "",
      ].join("\n"),
    );

    const json = await state.run(["models", "aliases", "list", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      aliases: [{ alias: "Kimi K2", ref: "moonshot/kimi-k2.5" }],
      unused: [
        { alias: "kimi k2", ref: "moonshot/kimi-k2-turbo-preview", usedFor: "moonshot/kimi-k2.5" },
      ],
      // The warning the table gives on stderr is in the object instead, not said twice.
      problems: [
        expect.objectContaining({
          level: "error",
          message: expect.stringContaining('alias "kimi k2" is used for both'),
          // At its file and line, as models status --json and config validate --json place it.
          file: state.configPath,
          line: 1,
        }),
      ],
    });
    expect(json.stderr).toBe("");
  });
});

describe("an alias an older version let in with control characters", () => {
  it("is shown escaped by aliases list, list and status, never sent to the terminal raw", async () => {
    const state = seeded();
    const config = state.config() as {
      agents: { defaults: { models: Record<string, { alias?: string }> } };
    };
    config.agents.defaults.models["moonshot/kimi-k2-turbo-preview"] = { alias: "ev\u001b[2Jil\nX" };
    writeFileSync(state.configPath, JSON.stringify(config));
    for (const args of [
      ["models", "aliases", "list"],
      ["models", "status"],
      ["models", "status", "--plain"],
    ]) {
      const result = await state.run(args);
      expect(result.stdout, args.join(" ")).not.toContain("\u001b");
      expect(result.stdout, args.join(" ")).toContain("ev\\u001b[2Jil\\nX");
    }
    // It runs nothing (config validate calls it not usable), so models list tags no model with it,
    // and naming it says why.
    const list = await state.run(["models", "list"]);
    expect(list.stdout).not.toContain("\u001b");
    expect(list.stdout).not.toContain("alias:ev");
    const set = await state.run(["models", "set", "ev\u001b[2Jil\nX"]);
    expect(set.code).toBe(1);
    expect(set.stderr).toContain(
      'alias "ev\\u001b[2Jil\\nX" (for moonshot/kimi-k2-turbo-preview) is not usable: it contains a control character',
    );
  });
});

describe("openclaw models set / aliases / fallbacks", () => {
  it("changes the default by alias and keeps fallbacks", async () => {
    const state = seeded();
    expect((await state.run(["models", "fallbacks", "add", "Kimi K2 Thinking"])).code).toBe(0);
    const set = await state.run(["models", "set", "Kimi K2 Turbo"]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      "default model: moonshot/kimi-k2-turbo-preview (was moonshot/kimi-k2.5)",
    );
    const config = state.config() as { agents: { defaults: { model: unknown } } };
    expect(config.agents.defaults.model).toEqual({
      primary: "moonshot/kimi-k2-turbo-preview",
      fallbacks: ["moonshot/kimi-k2-thinking"],
    });
    // The edited file keeps the ${VAR} reference, not a resolved value, and the docs' comments.
    const written = readFileSync(state.configPath, "utf8");
    expect(written).toContain('apiKey: "${MOONSHOT_API_KEY}"');
    expect(written).toContain(readFileSync(SEED, "utf8").match(/\/\/.*$/m)?.[0]);

    // A model typed on the command line that names nothing is a usage mistake.
    const unknown = await state.run(["models", "set", "moonshot/kimi-k2-turbo"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /unknown model "kimi-k2-turbo".*closest: moonshot\/kimi-k2-turbo-preview/,
    );
  });

  it("adds, lists and removes aliases; refuses a taken one", async () => {
    const state = seeded();
    const add = await state.run([
      "models",
      "aliases",
      "add",
      "K2T",
      "moonshot/kimi-k2-thinking-turbo",
    ]);
    expect(add.stdout).toContain(
      'alias "K2T" → moonshot/kimi-k2-thinking-turbo (replaces "Kimi K2 Thinking Turbo")',
    );
    const taken = await state.run(["models", "aliases", "add", "k2t", "moonshot/kimi-k2.5"]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('alias "k2t" already names moonshot/kimi-k2-thinking-turbo');
    const list = await state.run(["models", "aliases", "list", "--json"]);
    expect(JSON.parse(list.stdout).aliases).toContainEqual({
      alias: "K2T",
      ref: "moonshot/kimi-k2-thinking-turbo",
    });
    const remove = await state.run(["models", "aliases", "remove", "K2T"]);
    expect(remove.code).toBe(0);
    const config = state.config() as { agents: { defaults: { models: Record<string, unknown> } } };
    // The entry stays (it is part of the allowlist), without its alias.
    expect(config.agents.defaults.models["moonshot/kimi-k2-thinking-turbo"]).toEqual({});
    const missing = await state.run(["models", "aliases", "remove", "K2T"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no alias "K2T"');
  });

  it("refuses the alias openclaw, which always names the default chain, in aliases add, config set and config validate", async () => {
    const state = seeded();
    const before = readFileSync(state.configPath, "utf8");
    const add = await state.run([
      "models",
      "aliases",
      "add",
      "OpenClaw",
      "moonshot/kimi-k2-turbo-preview",
    ]);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('alias "OpenClaw" is not usable: the name "openclaw"');
    expect(add.stderr).toContain("openclaw models set moonshot/kimi-k2-turbo-preview");
    const set = await state.run([
      "config",
      "set",
      'agents.defaults.models["moonshot/kimi-k2-turbo-preview"].alias',
      "openclaw",
    ]);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain(
      'agents.defaults.models["moonshot/kimi-k2-turbo-preview"].alias: alias "openclaw" is not usable',
    );
    expect(readFileSync(state.configPath, "utf8")).toBe(before);

    // Written by hand: config validate fails it, at its file, line and dotted path.
    const lines = before.split("\n");
    const line = lines.findIndex((text) => text.includes('alias: "Kimi K2 Turbo"')) + 1;
    expect(line).toBeGreaterThan(0);
    writeFileSync(state.configPath, before.replace('alias: "Kimi K2 Turbo"', 'alias: "OPENCLAW"'));
    const validate = await state.run(["config", "validate"]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(
      '✗ agents.defaults.models["moonshot/kimi-k2-turbo-preview"].alias: alias "OPENCLAW" is not usable',
    );
    // The place once, after the message, as for every other finding; the hint says what to do.
    expect(validate.stdout).toContain(
      `never an alias (${state.configPath}:${line})\n  hint: pick another name`,
    );
    expect(validate.stdout.split(`${state.configPath}:${line}`)).toHaveLength(2);
  });

  it("config validate fails a provider written by hand under the reserved id openclaw, as onboarding refuses it", async () => {
    const state = seeded();
    const before = readFileSync(state.configPath, "utf8");
    const written = before.replace(
      "    providers: {\n",
      '    providers: {\n      OpenClaw: { baseUrl: "http://127.0.0.1:9/v1", models: [{ id: "m1", name: "M1" }] },\n',
    );
    expect(written).not.toBe(before);
    writeFileSync(state.configPath, written);
    const line = written.split("\n").findIndex((text) => text.includes("OpenClaw: {")) + 1;
    const validate = await state.run(["config", "validate"]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(
      `✗ models.providers.OpenClaw: provider id "OpenClaw" is reserved: "openclaw" and "openclaw/…" name the default model and its fallbacks, so refs such as openclaw/m1 would not be this provider's (${state.configPath}:${line})\n  hint: rename the provider in the config file, e.g. to "my-llm"`,
    );
    expect(validate.stdout).not.toContain("config is valid");
    // A problem the config has already does not stop an edit (nor a gateway reload): only new ones do.
    const unrelated = await state.run(["config", "set", "gateway.port", "18800"]);
    expect(unrelated.code).toBe(0);
    expect((state.config() as { gateway: { port: number } }).gateway.port).toBe(18800);
    // An edit that brings it in is refused, as onboarding's --custom-provider-id openclaw is.
    writeFileSync(state.configPath, before);
    const set = await state.run([
      "config",
      "set",
      "models.providers.openclaw.baseUrl",
      "http://127.0.0.1:9/v1",
    ]);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain('models.providers.openclaw: provider id "openclaw" is reserved');
    expect(readFileSync(state.configPath, "utf8")).toBe(before);
  });

  it("refuses an alias spelled like another model's id, which would take that id from it; config validate warns", async () => {
    const state = seeded();
    const before = readFileSync(state.configPath, "utf8");
    const add = await state.run([
      "models",
      "aliases",
      "add",
      "Kimi-K2-Turbo-Preview",
      "moonshot/kimi-k2-thinking",
    ]);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain(
      'error: alias "Kimi-K2-Turbo-Preview" is also the id of moonshot/kimi-k2-turbo-preview: a bare name is read as an alias first, so Kimi-K2-Turbo-Preview would run moonshot/kimi-k2-thinking, never moonshot/kimi-k2-turbo-preview',
    );
    expect(add.stderr).toContain(
      'hint: give it a name that is no model\'s id, e.g. openclaw models aliases add "Kimi K2 Thinking" moonshot/kimi-k2-thinking',
    );
    expect(readFileSync(state.configPath, "utf8")).toBe(before);
    // The model's own id as its alias takes nothing from another model.
    const own = await state.run([
      "models",
      "aliases",
      "add",
      "kimi-k2-thinking",
      "Kimi K2 Thinking",
    ]);
    expect(own.code).toBe(0);

    // Written by hand: config validate warns, at its dotted path, file and line.
    writeFileSync(
      state.configPath,
      before.replace('alias: "Kimi K2 Thinking" }', 'alias: "kimi-k2-turbo-preview" }'),
    );
    const line =
      before.split("\n").findIndex((text) => text.includes('alias: "Kimi K2 Thinking" }')) + 1;
    const validate = await state.run(["config", "validate"]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain(
      '! agents.defaults.models["moonshot/kimi-k2-thinking"].alias: alias "kimi-k2-turbo-preview" is also the id of moonshot/kimi-k2-turbo-preview',
    );
    expect(validate.stdout).toContain(
      `never moonshot/kimi-k2-turbo-preview (${state.configPath}:${line})\n  hint: give it a name`,
    );
    expect(validate.stdout.split(`${state.configPath}:${line}`)).toHaveLength(2);
  });

  it("adds, removes and clears fallbacks in order", async () => {
    const state = seeded();
    await state.run(["models", "fallbacks", "add", "moonshot/kimi-k2-turbo-preview"]);
    await state.run(["models", "fallbacks", "add", "Kimi K2"]);
    const again = await state.run(["models", "fallbacks", "add", "moonshot/kimi-k2-0905-preview"]);
    expect(again.stdout).toContain("already a fallback (#2)");
    let list = await state.run(["models", "fallbacks", "list"]);
    expect(list.stdout).toBe(
      "1. moonshot/kimi-k2-turbo-preview\n2. moonshot/kimi-k2-0905-preview\n",
    );
    await state.run(["models", "fallbacks", "remove", "moonshot/kimi-k2-turbo-preview"]);
    list = await state.run(["models", "fallbacks", "list", "--json"]);
    expect(JSON.parse(list.stdout)).toEqual({
      fallbacks: ["moonshot/kimi-k2-0905-preview"],
      written: ["moonshot/kimi-k2-0905-preview"],
      problems: [],
    });
    const clear = await state.run(["models", "fallbacks", "clear"]);
    expect(clear.stdout).toContain("removed 1 fallback");
    const config = state.config() as { agents: { defaults: { model: unknown } } };
    expect(config.agents.defaults.model).toEqual({ primary: "moonshot/kimi-k2.5", fallbacks: [] });
  });

  it("refuses the default model as its own fallback, and removing a fallback that is not one", async () => {
    const state = seeded();
    const self = await state.run(["models", "fallbacks", "add", "moonshot/kimi-k2.5"]);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain(
      "error: moonshot/kimi-k2.5 is the default model, so it cannot also be its fallback",
    );
    const missing = await state.run([
      "models",
      "fallbacks",
      "remove",
      "moonshot/kimi-k2-turbo-preview",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: moonshot/kimi-k2-turbo-preview is not a fallback");
    expect(missing.stderr).toContain("hint: see them with: openclaw models fallbacks list");
    // Same as an alias that is not there.
    expect((await state.run(["models", "aliases", "remove", "nosuch"])).code).toBe(2);
  });
});

describe("a config split with $include", () => {
  it("models set and aliases add edit the main file and keep the $include", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      `{ $include: "./providers.json5", agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } } }`,
    );
    const providers = `{ models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1", api: "openai-completions", models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }, { id: "kimi-k2-thinking", name: "Kimi K2 Thinking" }] } } } }`;
    writeFileSync(join(state.dir, "providers.json5"), providers);

    const add = await state.run(["models", "aliases", "add", "K", "moonshot/kimi-k2-thinking"]);
    // The one word on stderr: the id is retired (retired-model-edit-warning.test.ts).
    expect(add.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^warning: moonshot\/kimi-k2-thinking, which the alias "K" now names, is a model id moonshot retired in 2026 per openclaw's list/,
      ),
    ]);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('alias "K" → moonshot/kimi-k2-thinking');
    const set = await state.run(["models", "set", "K"]);
    expect(set.code).toBe(0);

    const config = state.config() as {
      $include: string;
      agents: { defaults: { model: unknown; models: Record<string, unknown> } };
    };
    expect(config.$include).toBe("./providers.json5");
    expect(config.agents.defaults.model).toEqual({ primary: "moonshot/kimi-k2-thinking" });
    expect(config.agents.defaults.models["moonshot/kimi-k2-thinking"]).toEqual({ alias: "K" });
    expect(readFileSync(join(state.dir, "providers.json5"), "utf8")).toBe(providers);
  });

  it("aliases remove of an alias set in an included file names that file and its line", async () => {
    const state = freshState();
    writeFileSync(state.configPath, `{ $include: "./aliases.json5" }`);
    const included = join(state.dir, "aliases.json5");
    writeFileSync(
      included,
      `{\n  agents: { defaults: { models: {\n    "moonshot/kimi-k2.5": { alias: "K" },\n  } } },\n}\n`,
    );
    const remove = await state.run(["models", "aliases", "remove", "K"]);
    expect(remove.code).toBe(1);
    expect(remove.stderr).toContain(
      `hint: remove agents.defaults.models["moonshot/kimi-k2.5"].alias from ${included}:3 in an editor`,
    );
  });
});

describe("openclaw models scan", () => {
  let sim: Simulator;
  beforeAll(async () => {
    // The API on the day kimi-k3 came and the K2 0905 preview went: the seed's other models
    // still served, so that one model is new and one gone.
    const seedEra = [...CURRENT_SIM_MODELS, ...RETIRED_SIM_MODELS].filter(
      (model) =>
        !["kimi-k2-0905-preview", "kimi-k2.6", "kimi-k2.7-code", "kimi-k3"].includes(model.id),
    );
    sim = await startSimulator({
      region: "ai",
      models: [
        ...seedEra,
        {
          id: "kimi-k3",
          surface: "moonshot",
          contextLength: 524_288,
          supportsReasoning: true,
          supportsImageIn: true,
          supportsVideoIn: false,
          thinking: "optional",
          thinkingDefault: false,
        },
      ],
    });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("shows new and gone models and adds the new ones with their reported metadata", async () => {
    const state = freshState({
      OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
      OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
    });
    await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY, "--skip-health"));
    await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"));

    const scan = await state.run(["models", "scan"]);
    expect(scan.code).toBe(0);
    expectNoSecrets(scan, MOONSHOT_KEY, KIMI_KEY);
    expect(scan.stdout).toMatch(/\+ new\s+kimi-k3 \(ctx 512k, reasoning, image\)/);
    // Gone from the endpoint but only in openclaw's built-in list (onboarding left it out of the
    // config): counted in one line, not listed as gone.
    expect(scan.stdout).not.toMatch(/- gone\s+kimi-k2-0905-preview/);
    expect(scan.stdout.replace(/\s+/g, " ")).toContain(
      "1 id of openclaw's built-in list is not offered to this key (it is not in your config)",
    );
    // What the endpoint says about a known model that the config does not: said, not changed.
    expect(scan.stdout.replace(/\s+/g, " ")).toContain(
      `~ differs kimi-k2.5: the endpoint says it takes images and video; to send them, add "image" and "video" to its input: openclaw config set 'models.providers.moonshot.models[0].input' '["text","image","video"]'`,
    );
    expect(scan.stdout).not.toMatch(
      /differs .*context window of 262,144 \(the config says 256,000\)/,
    );
    expect(scan.stdout).toContain("Add the new ones with: openclaw models scan --add");
    // Scanning one provider, the suggestion scans that one again.
    const one = await state.run(["models", "scan", "--provider", "Moonshot"]);
    expect(one.stdout).toContain(
      "Add the new ones with: openclaw models scan --provider moonshot --add",
    );
    expect(scan.stdout).toMatch(
      /kimi-code \(.*\) key sk-kimi-…0001\n\s+1 model reported, 1 already known/,
    );
    // Both providers are asked at once, yet reported in a stable (sorted) order.
    expect(scan.stdout.indexOf("kimi-code (")).toBeLessThan(scan.stdout.indexOf("moonshot ("));
    expect(scan.stdout.indexOf("moonshot (")).toBeGreaterThan(0);
    // Kimi Code was asked with the coding-agent User-Agent from the model's headers.
    const kimiRequest = sim.requests.find((request) => request.path === "/coding/v1/models");
    expect(kimiRequest?.headers["user-agent"]).toBe("KimiCLI/0.77");

    const add = await state.run(["models", "scan", "--provider", "moonshot", "--add", "--json"]);
    expect(add.code).toBe(0);
    expectNoSecrets(add, MOONSHOT_KEY);
    expect(JSON.parse(add.stdout).added).toEqual(["moonshot/kimi-k3"]);
    const config = state.config() as {
      models: { providers: { moonshot: { models: Record<string, unknown>[] } } };
      agents: { defaults: { models: Record<string, unknown> } };
    };
    expect(config.models.providers.moonshot.models.find((model) => model.id === "kimi-k3")).toEqual(
      {
        id: "kimi-k3",
        name: "kimi-k3",
        reasoning: true,
        input: ["text", "image"],
        contextWindow: 524288,
        maxTokens: 8192,
      },
    );
    expect(config.agents.defaults.models["moonshot/kimi-k3"]).toEqual({});
    const list = await state.run(["models", "list", "--plain", "--provider", "moonshot"]);
    expect(list.stdout).toContain("moonshot/kimi-k3\n");

    const again = await state.run(["models", "scan", "--provider", "moonshot", "--add"]);
    expect(again.stdout).not.toContain("+ new");
  });

  it("expands ${VAR} in the provider's baseUrl and headers, and names a variable that is unset", async () => {
    const state = freshState({
      MOONSHOT_API_KEY: MOONSHOT_KEY,
      SIM_URL: sim.moonshotBaseUrl,
      TEAM: "team-scan-7",
    });
    writeFileSync(
      state.configPath,
      `{ models: { providers: { moonshot: { baseUrl: "\${SIM_URL}", headers: { "X-Team": "\${TEAM}" } } } } }`,
    );
    const scan = await state.run(["models", "scan", "--provider", "moonshot", "--json"]);
    expect(scan.stderr).toBe("");
    expect(scan.code).toBe(0);
    expectNoSecrets(scan, MOONSHOT_KEY);
    const result = (JSON.parse(scan.stdout) as { providers: { status: string; baseUrl: string }[] })
      .providers[0];
    expect(result).toMatchObject({ status: "ok", baseUrl: sim.moonshotBaseUrl });
    const request = sim.requests.filter((entry) => entry.path === "/v1/models").at(-1);
    expect(request?.headers["x-team"]).toBe("team-scan-7");

    const before = sim.requests.length;
    const unset = await state.run(["models", "scan", "--provider", "moonshot"], { TEAM: "" });
    expect(unset.code).toBe(1);
    expect(unset.stdout).toContain("environment variable TEAM is set but empty");
    expect(sim.requests.length).toBe(before);
  });

  it("reports a provider without a key instead of calling it", async () => {
    const state = seeded({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const before = sim.requests.length;
    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain("skipped: no usable key for moonshot");
    expect(sim.requests.length).toBe(before);
  });

  it("an endpoint it cannot reach is blamed on the network, not on the keys", async () => {
    const port = await closedPort();
    const state = seeded({
      OPENCLAW_MOONSHOT_AI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      MOONSHOT_API_KEY: MOONSHOT_KEY,
    });
    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain("failed: could not reach");
    expect(scan.stderr).toContain("error: no provider could be scanned");
    expect(scan.stderr).toMatch(/^hint: check the network, a proxy/m);
    expect(scan.stderr).not.toContain("check the keys");

    // --json: the common failure object, with what each provider said.
    const json = await state.run(["models", "scan", "--provider", "moonshot", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: {
        code: "models.scan_failed",
        message: "no provider could be scanned",
        hint: expect.stringMatching(/^check the network/),
      },
      providers: [
        {
          provider: "moonshot",
          status: "error",
          message: expect.stringContaining("could not reach"),
        },
      ],
    });
  });
});

describe("config warnings above a models table", () => {
  it("are wrapped to $COLUMNS as every warning is: further lines under the text, paths whole, no word lost", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      '{ agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "openclaw/fast" }, "moonshot/kimi-k2-thinking": { alias: "kimi-k2-turbo-preview" } } } } }\n',
    );
    const wide = await state.run(["models", "aliases", "list"]);
    const narrow = await state.run(["models", "aliases", "list"], { COLUMNS: "50" });
    expect(narrow.code).toBe(0);
    const lines = narrow.stderr.trimEnd().split("\n");
    // The path goes on the warning's line whole, to be copied, though wider than 50 columns;
    // the message goes on under it, after the label, as printWarning lays out every warning.
    expect(lines[0]).toBe('warning: agents.defaults.models["moonshot/kimi-k2.5"].alias:');
    expect(lines[1]).toMatch(/^ {9}alias "openclaw\/fast" is not usable:/);
    const second = lines.findIndex((line, index) => index > 0 && line.startsWith("warning: "));
    expect(lines[second]).toBe(
      'warning: agents.defaults.models["moonshot/kimi-k2-thinking"].alias:',
    );
    expect(lines.filter((line) => [...line].length > 50)).toEqual([lines[0], lines[second]]);
    const see = lines.indexOf("hint: see them and what to do with:");
    for (const line of [...lines.slice(1, second), ...lines.slice(second + 1, see)])
      expect(line).toMatch(/^ {9}\S/);
    // A `hint:` as other advice is; the command to run stays whole, under the hint's text.
    expect(lines.slice(-2)).toEqual([
      "hint: see them and what to do with:",
      "      openclaw config validate",
    ]);
    // The same words as on one line each when nothing limits the width: none is broken.
    const words = (text: string) => text.split(/\s+/).join(" ");
    expect(words(narrow.stderr)).toBe(words(wide.stderr));
    expect(wide.stderr.split("\n")[0]).toMatch(
      /^warning: agents\.defaults\.models\["moonshot\/kimi-k2\.5"\]\.alias: alias "openclaw\/fast" is not usable: .* never an alias$/,
    );
    const list = await state.run(["models", "list"], { COLUMNS: "50" });
    expect(list.stderr).toBe(narrow.stderr);
  });
});
