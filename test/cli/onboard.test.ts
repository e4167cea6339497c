import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, permissionsBindUnder, runCli } from "../helpers/cli.js";
import { onboardCustom } from "../helpers/custom-provider.js";
import { onboardChoice, onboardWithKey } from "../helpers/onboard-args.js";
import {
  closedPort,
  expectNoSecrets,
  freshState,
  KIMI_KEY,
  MOONSHOT_CN_KEY,
  MOONSHOT_KEY,
  type StateDir,
} from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const ONBOARD = ["onboard", "--non-interactive", "--accept-risk"];

function expectNothingWritten(state: StateDir): void {
  expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
}

/**
 * These simulators still serve the retired ids the built-in list writes, beside the new ones: all
 * onboarding says on stderr is the one warning naming the new ids.
 */
const NEW_MODELS_WARNING =
  "warning: moonshot: the API lists models for this key that the config does not have: kimi-k2.6, kimi-k2.7-code, kimi-k3 — add them with: openclaw models scan --provider moonshot --add\n";

let ai: Simulator;
let cn: Simulator;
/** Endpoint overrides pointing the three public endpoints at the simulators. */
let endpoints: Record<string, string>;

beforeAll(async () => {
  ai = await startSimulator({ serveRetiredModels: true, region: "ai" });
  cn = await startSimulator({ serveRetiredModels: true, region: "cn" });
  endpoints = {
    OPENCLAW_MOONSHOT_AI_BASE_URL: ai.moonshotBaseUrl,
    OPENCLAW_MOONSHOT_CN_BASE_URL: cn.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: ai.kimiCodeBaseUrl,
  };
});
afterAll(async () => {
  await ai?.close();
  await cn?.close();
});

interface StatusJson {
  default: string;
  aliases: { alias: string; ref: string }[];
  providers: { provider: string; active: string; masked: string; baseUrl: string }[];
}

describe("openclaw onboard (non-interactive), as a new user", () => {
  it("sets up Moonshot, then Kimi Code beside it, keeping the keys apart", async () => {
    const state = freshState(endpoints);
    const moonshot = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(moonshot.stderr).toBe(NEW_MODELS_WARNING);
    expect(moonshot.code).toBe(0);
    // One sentence: the endpoint's address after "at", not a bracket beside the count's; the
    // override's whole base URL, as the key prompt names it, since the simulator serves Kimi
    // Code on the same host (its host alone would name both).
    expect(moonshot.stdout).toMatch(
      /^✓ the key works on Moonshot international at http:\/\/127\.0\.0\.1:\d+\/v1 \(\d+ models available\)$/m,
    );
    // What the key has left, from the account's own endpoint.
    expect(moonshot.stdout).toContain("  balance: $49.50 (voucher $46.50, cash $3.00)\n");
    expectNoSecrets(moonshot, MOONSHOT_KEY);

    let status = await state.run(["models", "status", "--json"]);
    expect(status.code).toBe(0);
    expectNoSecrets(status, MOONSHOT_KEY);
    let parsed = JSON.parse(status.stdout) as StatusJson;
    expect(parsed.default).toBe("moonshot/kimi-k2.5");
    expect(parsed.aliases).toContainEqual({ alias: "Kimi K2.5", ref: "moonshot/kimi-k2.5" });
    expect(parsed.providers.find((p) => p.provider === "moonshot")).toMatchObject({
      active: "profile moonshot:default",
      masked: "sk-…0001",
      baseUrl: ai.moonshotBaseUrl,
    });

    const kimi = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY));
    expect(kimi.code).toBe(0);
    // The simulator's plan resets ahead of its clock, as a live plan's does: a UTC time on the
    // hour some days on, never "already passed".
    // Every window /usages reports, a line each, as models status --probe shows them.
    expect(kimi.stdout).toMatch(
      /^ {2}plan quota:\n {4}week {2}80 of 100 left, resets .*\n {4}5 h {3}\d+ of 100 left, resets /m,
    );
    const quota = /^ {4}week {2}80 of 100 left, resets (\d{4}-\d\d-\d\d \d\d:00) UTC, in /m.exec(
      kimi.stdout,
    );
    expect(quota, kimi.stdout).not.toBeNull();
    const ahead = Date.parse(`${quota?.[1]?.replace(" ", "T")}:00Z`) - Date.now();
    expect(ahead).toBeGreaterThan(5 * 24 * 3_600_000);
    expect(ahead).toBeLessThanOrEqual(6 * 24 * 3_600_000);
    expect(kimi.stdout).not.toContain("already passed");
    expectNoSecrets(kimi, KIMI_KEY, MOONSHOT_KEY);

    status = await state.run(["models", "status", "--json"]);
    expectNoSecrets(status, KIMI_KEY, MOONSHOT_KEY);
    parsed = JSON.parse(status.stdout) as StatusJson;
    expect(parsed.default).toBe("kimi-code/kimi-for-coding");
    expect(parsed.aliases).toContainEqual({ alias: "Kimi Code", ref: "kimi-code/kimi-for-coding" });
    expect(parsed.aliases).toContainEqual({ alias: "Kimi K2.5", ref: "moonshot/kimi-k2.5" });
    const byId = Object.fromEntries(parsed.providers.map((p) => [p.provider, p]));
    expect(byId.moonshot).toMatchObject({ active: "profile moonshot:default", masked: "sk-…0001" });
    expect(byId["kimi-code"]).toMatchObject({
      active: "profile kimi-code:default",
      masked: "sk-kimi-…0001",
    });

    // The store holds each key under its own provider, and the config holds none.
    const store = state.store();
    expect(store.profiles["moonshot:default"]).toEqual({
      type: "api_key",
      provider: "moonshot",
      key: MOONSHOT_KEY,
    });
    expect(store.profiles["kimi-code:default"]).toEqual({
      type: "api_key",
      provider: "kimi-code",
      key: KIMI_KEY,
    });
    const configText = JSON.stringify(state.config());
    expect(configText).not.toContain(MOONSHOT_KEY);
    expect(configText).not.toContain(KIMI_KEY);
    expect(statSync(state.storePath).mode & 0o777).toBe(0o600);
    expect(statSync(join(state.dir, "agents")).mode & 0o777).toBe(0o700);

    // The human status view says the same, masked.
    const human = await state.run(["models", "status"]);
    expect(human.stdout).toContain("Default:     kimi-code/kimi-for-coding (alias Kimi Code)");
    expect(human.stdout).toMatch(/profile moonshot:default: sk-…0001/);
    expect(human.stdout).toMatch(/profile kimi-code:default: sk-kimi-…0001/);
    expectNoSecrets(human, KIMI_KEY, MOONSHOT_KEY);
  });

  it("creates the config at a new path OPENCLAW_CONFIG_PATH names; models set and config set too, where models list refuses it", async () => {
    const state = freshState(endpoints);
    const named = join(state.dir, "elsewhere", "openclaw.json");
    const env = { OPENCLAW_CONFIG_PATH: named };
    const onboard = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY), env);
    expect(onboard.code, onboard.stderr).toBe(0);
    expect(JSON.parse(readFileSync(named, "utf8")).agents.defaults.model.primary).toBe(
      "moonshot/kimi-k2.5",
    );
    expect(existsSync(state.configPath)).toBe(false);

    const other = { OPENCLAW_CONFIG_PATH: join(state.dir, "other", "openclaw.json") };
    const list = await state.run(["models", "list"], other);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain("does not exist (named by OPENCLAW_CONFIG_PATH)");
    const set = await state.run(["models", "set", "moonshot/kimi-k2-turbo-preview"], other);
    expect(set.code, set.stderr).toBe(0);
    const port = await state.run(["config", "set", "gateway.port", "18790"], {
      OPENCLAW_CONFIG_PATH: join(state.dir, "third", "openclaw.json"),
    });
    expect(port.code, port.stderr).toBe(0);
  });

  it("is harmless to run twice and keeps what the user already had", async () => {
    const state = freshState(endpoints);
    writeFileSync(
      state.configPath,
      `// my config
{
  agents: { defaults: { model: { primary: "moonshot/kimi-k2-turbo-preview", fallbacks: ["moonshot/kimi-k2-thinking", "kimi-code/kimi-for-coding"] },
    models: { "moonshot/kimi-k2-thinking": { alias: "Deep" } } } },
  models: { providers: { moonshot: { models: [{ id: "kimi-k2-thinking", name: "My Thinking", contextWindow: 128000 }] } } },
}`,
    );
    const args = onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health");
    const first = await state.run(args);
    expect(first.code).toBe(0);
    const after = state.snapshot();
    const config = state.config() as {
      agents: {
        defaults: {
          model: { primary: string; fallbacks: string[] };
          models: Record<string, { alias?: string }>;
        };
      };
      models: {
        providers: { moonshot: { models: { id: string; name: string; contextWindow: number }[] } };
      };
    };
    // The provider was configured and a default chosen: onboarding it again keeps that choice.
    expect(config.agents.defaults.model).toEqual({
      primary: "moonshot/kimi-k2-turbo-preview",
      fallbacks: ["moonshot/kimi-k2-thinking", "kimi-code/kimi-for-coding"],
    });
    // The user's alias and model entry win over the built-in ones.
    expect(config.agents.defaults.models["moonshot/kimi-k2-thinking"]).toEqual({ alias: "Deep" });
    const thinking = config.models.providers.moonshot.models.filter(
      (m) => m.id === "kimi-k2-thinking",
    );
    expect(thinking).toEqual([
      { id: "kimi-k2-thinking", name: "My Thinking", contextWindow: 128000 },
    ]);
    expect(config.models.providers.moonshot.models.map((m) => m.id)).toContain("kimi-k2.5");

    const second = await state.run(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing needed to change");
    expect(state.snapshot()).toEqual(after);
  });

  it("onboards into a config split with $include, keeping the include", async () => {
    const state = freshState(endpoints);
    writeFileSync(state.configPath, `{ $include: "./gateway.json5" }`);
    const gateway = `{ gateway: { port: 19001 } }`;
    writeFileSync(join(state.dir, "gateway.json5"), gateway);
    const result = await state.run(
      onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const config = state.config() as {
      $include: string;
      agents: { defaults: { model: { primary: string } } };
    };
    expect(config.$include).toBe("./gateway.json5");
    expect(config.agents.defaults.model.primary).toBe("moonshot/kimi-k2.5");
    expect(readFileSync(join(state.dir, "gateway.json5"), "utf8")).toBe(gateway);
    const valid = await state.run(["config", "validate"]);
    expect(valid.code).toBe(0);
  });

  it("stores only a reference to the variable with --secret-input-mode ref", async () => {
    const state = freshState({ ...endpoints, MOONSHOT_API_KEY: MOONSHOT_KEY });
    const result = await state.run(
      onboardChoice("moonshot-api-key", "--secret-input-mode", "ref", "--json"),
    );
    expect(result.code).toBe(0);
    expectNoSecrets(result, MOONSHOT_KEY);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: true,
      keyRef: "MOONSHOT_API_KEY",
      key: "sk-…0001",
    });
    expect(state.store().profiles["moonshot:default"]).toEqual({
      type: "api_key",
      provider: "moonshot",
      keyRef: { source: "env", id: "MOONSHOT_API_KEY" },
    });
    expect(state.snapshot().store).not.toContain(MOONSHOT_KEY);
    expect(state.snapshot().config).not.toContain(MOONSHOT_KEY);

    // With the variable set, the profile resolves through it; without it, nothing does.
    const withVar = await state.run(["models", "status", "--check", "--plain"]);
    expect(withVar.code).toBe(0);
    expect(withVar.stdout).toContain("provider\tmoonshot\tprofile moonshot:default\tsk-…0001");
    const withoutVar = await state.run(["models", "status", "--check"], { MOONSHOT_API_KEY: "" });
    expect(withoutVar.code).toBe(1);
    expect(withoutVar.stderr).toContain("no usable key for moonshot");
  });

  it("takes the key from the provider's environment variable when no flag is given", async () => {
    const state = freshState({ ...endpoints, KIMICODE_API_KEY: KIMI_KEY });
    const result = await state.run(onboardChoice("kimi-code-api-key"));
    expect(result.code).toBe(0);
    expect(state.store().profiles["kimi-code:default"]).toMatchObject({ key: KIMI_KEY });
    expectNoSecrets(result, KIMI_KEY);
  });

  it("reads a Kimi Code key from $KIMI_API_KEY (kimi-cli's name) when $KIMICODE_API_KEY is unset", async () => {
    const state = freshState({ ...endpoints, KIMI_API_KEY: KIMI_KEY });
    const result = await state.run(onboardChoice("kimi-code-api-key"));
    expect(result.code).toBe(0);
    expect(state.store().profiles["kimi-code:default"]).toMatchObject({ key: KIMI_KEY });
    // In ref mode the store points at the variable that holds the key.
    const refState = freshState({ ...endpoints, KIMI_API_KEY: KIMI_KEY });
    const ref = await refState.run(
      onboardChoice("kimi-code-api-key", "--secret-input-mode", "ref"),
    );
    expect(ref.code).toBe(0);
    expect(refState.store().profiles["kimi-code:default"]).toMatchObject({
      keyRef: { source: "env", id: "KIMI_API_KEY" },
    });
    expectNoSecrets(ref, KIMI_KEY);
    // And with no key anywhere, the usage error names both variables.
    const none = await freshState(endpoints).run(onboardChoice("kimi-code-api-key"));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("export KIMICODE_API_KEY=<key> ($KIMI_API_KEY is read too)");
  });

  it("writes the China endpoint for moonshot-api-key-cn", async () => {
    const state = freshState(endpoints);
    const result = await state.run(onboardWithKey("moonshot-api-key-cn", MOONSHOT_CN_KEY));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("the key works on Moonshot China");
    expect(result.stdout).toContain("  balance: ¥49.50 (voucher ¥46.50, cash ¥3.00)\n");
    const config = state.config() as { models: { providers: { moonshot: { baseUrl: string } } } };
    expect(config.models.providers.moonshot.baseUrl).toBe(cn.moonshotBaseUrl);
  });

  it("onboards a key whose balance is empty, and warns that requests will be refused", async () => {
    const broke = await startSimulator({
      serveRetiredModels: true,
      balance: { available: 0, voucher: 0, cash: 0 },
    });
    try {
      const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: broke.moonshotBaseUrl });
      const result = await state.run(onboardWithKey("moonshot-api-key", broke.keys.moonshot));
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        "warning: the account balance is used up: $0.00 (voucher $0.00, cash $0.00); requests will be refused (exceeded_current_quota_error) until you top up at platform.moonshot.ai",
      );
      expect(state.store().profiles["moonshot:default"]).toMatchObject({
        key: broke.keys.moonshot,
      });
    } finally {
      await broke.close();
    }
  });
  it("writes an overdrawn balance as money is written, the sign before the currency", async () => {
    const owing = await startSimulator({
      serveRetiredModels: true,
      balance: { available: -1.2, voucher: 0, cash: -1.2 },
    });
    try {
      const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: owing.moonshotBaseUrl });
      const text = await state.run(onboardWithKey("moonshot-api-key", owing.keys.moonshot));
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("  balance: -$1.20 (voucher $0.00, cash -$1.20)\n");
      expect(text.stderr).toContain("the account balance is used up: -$1.20 (voucher $0.00");
      const probe = await state.run(["models", "status", "--probe"]);
      expect(probe.stdout).toContain("balance: -$1.20 (voucher $0.00, cash -$1.20) (used up)");
      // In --json the amounts stay numbers; only the sentences write them as money.
      const json = await state.run(
        onboardWithKey("moonshot-api-key", owing.keys.moonshot, "--json"),
      );
      const report = JSON.parse(json.stdout) as {
        warnings: string[];
        check: { credit: { available: number; cash: number } };
      };
      expect(report.check.credit).toMatchObject({ available: -1.2, cash: -1.2 });
      expect(report.warnings.join(" ")).toContain("used up: -$1.20 (voucher $0.00, cash -$1.20)");
    } finally {
      await owing.close();
    }
  });
});

describe("a config the user wrote by hand", () => {
  /** The docs' Moonshot snippet (comments and all), its endpoint pointed at the simulator. */
  function snippet(): string {
    const text = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
    return text.replaceAll("https://api.moonshot.ai/v1", ai.moonshotBaseUrl);
  }

  interface ListJson {
    models: { ref: string; contextWindow: number; alias?: string }[];
  }

  it("leaves what an $include already sets alone, and writes nothing it already has", async () => {
    const state = freshState(endpoints);
    const customised = snippet()
      .replace("contextWindow: 256000", "contextWindow: 128000")
      .replace("cost: { input: 0,", "cost: { input: 0.6,")
      .replace('{ alias: "Kimi K2 Thinking" }', '{ alias: "Thinker" }');
    const includePath = join(state.dir, "moonshot.json5");
    writeFileSync(includePath, customised);
    const root = '{ $include: "./moonshot.json5" }\n';
    writeFileSync(state.configPath, root);

    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(result.stderr).toBe(NEW_MODELS_WARNING);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("added provider");
    expect(result.stdout).not.toContain("added model");
    expect(result.stdout).not.toContain("aliases:");
    expect(result.stdout).toContain("moonshot:default: stores the key sk-…0001");
    // Neither file changed: the include's values still win.
    expect(readFileSync(state.configPath, "utf8")).toBe(root);
    expect(readFileSync(includePath, "utf8")).toBe(customised);
    const list = JSON.parse((await state.run(["models", "list", "--json"])).stdout) as ListJson;
    const byRef = Object.fromEntries(list.models.map((model) => [model.ref, model]));
    expect(byRef["moonshot/kimi-k2.5"]?.contextWindow).toBe(128000);
    expect(byRef["moonshot/kimi-k2-thinking"]?.alias).toBe("Thinker");

    // A primary set in the include is changed only with a word about it, in the main file.
    const kimi = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY));
    expect(kimi.code).toBe(0);
    expect(kimi.stdout).toContain(
      "primary model: kimi-code/kimi-for-coding (was moonshot/kimi-k2.5, set in moonshot.json5:5; openclaw.json now overrides it)",
    );
    expect(readFileSync(includePath, "utf8")).toBe(customised);
    const written = state.config() as {
      $include: string;
      agents: { defaults: { model: unknown; models: Record<string, unknown> } };
      models: { providers: Record<string, unknown> };
    };
    expect(written.$include).toBe("./moonshot.json5");
    expect(written.agents.defaults.model).toEqual({ primary: "kimi-code/kimi-for-coding" });
    expect(Object.keys(written.agents.defaults.models)).toEqual(["kimi-code/kimi-for-coding"]);
    expect(Object.keys(written.models.providers)).toEqual(["kimi-code"]);
  });

  it("names the included file and line whose value the main file now overrides", async () => {
    // The page's two snippets pasted verbatim as two files, the main one including both.
    const state = freshState(endpoints);
    const seed = (name: string) =>
      readFileSync(join(import.meta.dirname, "../fixtures/seed", name), "utf8");
    writeFileSync(join(state.dir, "moonshot.json5"), seed("moonshot.json5"));
    writeFileSync(join(state.dir, "kimi.json5"), seed("kimi-code.json5"));
    writeFileSync(state.configPath, '{ $include: ["./moonshot.json5", "./kimi.json5"] }\n');

    const moonshot = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(moonshot.code).toBe(0);
    expect(moonshot.stdout).toContain(
      `moonshot: baseUrl https://api.moonshot.ai/v1 → ${ai.moonshotBaseUrl} (the old one is set in moonshot.json5:21; openclaw.json now overrides it)`,
    );
    const kimi = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY));
    expect(kimi.code).toBe(0);
    expect(kimi.stdout).toContain(
      `kimi-code: baseUrl https://api.kimi.com/coding/v1 → ${ai.kimiCodeBaseUrl} (the old one is set in kimi.json5:15; openclaw.json now overrides it)`,
    );
  });

  it("does not rewrite a hand-written file when nothing in it changes", async () => {
    const state = freshState(endpoints);
    const text = snippet();
    writeFileSync(state.configPath, text);
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(NEW_MODELS_WARNING);
    expect(result.stdout).not.toContain("added");
    // The key is stored; the config, comments and markers included, stays byte for byte.
    expect(state.store().profiles["moonshot:default"]).toMatchObject({ key: MOONSHOT_KEY });
    expect(readFileSync(state.configPath, "utf8")).toBe(text);
    expect(existsSync(`${state.configPath}.bak`)).toBe(false);

    // When it must change, it is edited in place: every comment and marker stays, the original
    // is kept as .bak, and nothing warns of a loss.
    const kimi = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY));
    expect(kimi.code).toBe(0);
    expect(kimi.stderr).not.toContain("comments are not kept");
    const edited = readFileSync(state.configPath, "utf8");
    const comments = (source: string) => source.match(/\/\/.*$/gm) ?? [];
    expect(comments(text).length).toBeGreaterThan(0);
    expect(comments(edited)).toEqual(expect.arrayContaining(comments(text)));
    expect(state.config()).toMatchObject({
      agents: { defaults: { model: { primary: "kimi-code/kimi-for-coding" } } },
    });
    expect(readFileSync(`${state.configPath}.bak`, "utf8")).toBe(text);
  });

  it("says when a new key replaces the stored one", async () => {
    const state = freshState(endpoints);
    const first = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(first.code).toBe(0);
    const config = state.snapshot().config;
    const other = "sk-test-moonshot-ai-0002";
    const second = await state.run(
      onboardWithKey("moonshot-api-key", other, "--skip-health", "--json"),
    );
    expect(second.code).toBe(0);
    expectNoSecrets(second, MOONSHOT_KEY, other);
    expect(JSON.parse(second.stdout)).toMatchObject({
      written: true,
      changes: [
        "moonshot:default: replaces the stored key sk-…0001 with sk-…0002 (the old key is not kept in auth-profiles.json.bak either)",
      ],
    });
    expect(state.store().profiles["moonshot:default"]).toMatchObject({ key: other });
    expect(state.snapshot().config).toBe(config);
  });
});

describe("custom OpenAI-compatible endpoints", () => {
  it("never shows a password written into the endpoint's URL", async () => {
    const state = freshState(endpoints);
    const secret = "s3cret-pass-word";
    const url = ai.moonshotBaseUrl.replace("http://", `http://user:${secret}@`);
    const args = onboardCustom(url, "kimi-k2.5", "--custom-api-key", MOONSHOT_KEY);
    const text = await state.run(args);
    const json = await state.run([...args, "--json"]);
    const status = await state.run(["models", "status", "--json"]);
    const request = await state.run(["agent", "-m", "hi"]);
    for (const result of [text, json, status, request]) expectNoSecrets(result, secret);
    expect(text.stdout).toContain("http://user:***@127.0.0.1");
    // The config keeps it: it is the person's to write there.
    expect(readFileSync(state.configPath, "utf8")).toContain(secret);
  });

  it("adds the provider, its model as the default, and the key under its own profile", async () => {
    const state = freshState(endpoints);
    const result = await state.run(
      onboardCustom(
        ai.moonshotBaseUrl,
        "kimi-k2.5",
        "--custom-provider-id",
        "My-LLM",
        "--custom-api-key",
        MOONSHOT_KEY,
        "--json",
      ),
    );
    expect(result.code).toBe(0);
    expectNoSecrets(result, MOONSHOT_KEY);
    expect(JSON.parse(result.stdout)).toMatchObject({
      provider: "my-llm",
      primary: "my-llm/kimi-k2.5",
      profile: "my-llm:default",
      check: { status: "valid" },
    });
    const config = state.config() as { models: { providers: Record<string, unknown> } };
    expect(config.models.providers["my-llm"]).toEqual({
      baseUrl: ai.moonshotBaseUrl,
      api: "openai-completions",
      models: [{ id: "kimi-k2.5", name: "kimi-k2.5" }],
    });
    const status = await state.run(["models", "status", "--plain", "--check"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("provider\tmy-llm\tprofile my-llm:default\tsk-…0001");
  });

  it("refuses a built-in provider id, the reserved id openclaw and a base URL without http(s)", async () => {
    const state = freshState(endpoints);
    const builtin = await state.run(
      onboardCustom("https://llm.example.test/v1", "m", "--custom-provider-id", "moonshot"),
    );
    expect(builtin.code).toBe(2);
    expect(builtin.stderr).toContain('"moonshot" is a built-in provider');
    // "openclaw/<model>" is how the default chain is named: no provider may take that id.
    const reserved = await state.run(
      onboardCustom("https://llm.example.test/v1", "m", "--custom-provider-id", "OpenClaw"),
    );
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain(
      'error: --custom-provider-id "openclaw" is reserved: "openclaw" and "openclaw/…" name the default model and its fallbacks, so refs such as openclaw/m would not be this provider\'s',
    );
    expect(reserved.stderr).toContain("hint: pick another id, e.g. --custom-provider-id my-llm");
    const ftp = await state.run(onboardCustom("ftp://x/v1", "m"));
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toContain("must start with http:// or https://");
    expectNothingWritten(state);
  });
});

describe("usage", () => {
  it("needs a terminal unless --non-interactive is given", async () => {
    const state = freshState(endpoints);
    const result = await state.run(["onboard", "--auth-choice", "moonshot-api-key"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("onboard needs a terminal");
    expect(result.stderr).toContain("--non-interactive --accept-risk");
  });

  it("without a terminal, the page's onboard command is told the whole command that runs without questions", async () => {
    const state = freshState(endpoints);
    const result = await state.run(["onboard", "--auth-choice", "kimi-code-api-key"]);
    expect(result.code).toBe(2);
    const oneLine = result.stderr.replace(/\n\s+/g, " ");
    expect(oneLine).toContain(
      "openclaw onboard --non-interactive --accept-risk --auth-choice kimi-code-api-key --kimi-code-api-key <key> (without --kimi-code-api-key, the key is read from $KIMICODE_API_KEY)",
    );
  });

  it("prints every usage mistake as a JSON error with --json", async () => {
    const state = freshState(endpoints);
    const mistakes = [
      ["--auth-choice", "moonshot"],
      ["--auth-choice", "kimi-code-api-key", "--moonshot-api-key", "x"],
      ["--auth-choice", "moonshot-api-key", "--secret-input-mode", "plain"],
      ["--auth-choice", "moonshot-api-key", "--no-such-flag"],
    ];
    for (const mistake of mistakes) {
      const result = await state.run([...ONBOARD, "--json", ...mistake]);
      expect(result.code, mistake.join(" ")).toBe(2);
      expect(JSON.parse(result.stdout), mistake.join(" ")).toMatchObject({
        ok: false,
        error: {
          code: "usage",
          message: expect.any(String),
          where: null,
          hint: expect.any(String),
        },
      });
      // Said once, in the JSON: no second copy on stderr.
      expect(result.stderr, mistake.join(" ")).toBe("");
    }
    expectNothingWritten(state);
  });

  it("does not take the next flag for the key", async () => {
    const state = freshState(endpoints);
    const result = await state.run([
      ...ONBOARD,
      "--auth-choice",
      "moonshot-api-key",
      "--moonshot-api-key",
      "--skip-health",
    ]);
    expect(result.code).toBe(2);
    // Said by the CLI's shared option parsing (any command's own flag where a value belongs).
    expect(result.stderr).toMatch(/^error: .*--moonshot-api-key.*'--skip-health' is an option/m);
    expectNothingWritten(state);
  });

  it("says once that auth was skipped, and how to set up a provider later", async () => {
    const state = freshState(endpoints);
    const result = await state.run([...ONBOARD, "--auth-choice", "skip"]);
    expect(result.code).toBe(0);
    expect(result.stdout.toLowerCase().split("auth skipped").length - 1).toBe(1);
    expect(result.stdout).toContain("Set up a provider later with: openclaw onboard");
    expectNothingWritten(state);
  });

  it("shows examples in --help for onboard and every models command", async () => {
    const state = freshState();
    const commands = [
      ["onboard"],
      ["models"],
      ["models", "list"],
      ["models", "status"],
      ["models", "set"],
      ["models", "aliases"],
      ["models", "aliases", "list"],
      ["models", "aliases", "add"],
      ["models", "aliases", "remove"],
      ["models", "fallbacks"],
      ["models", "fallbacks", "list"],
      ["models", "fallbacks", "add"],
      ["models", "fallbacks", "remove"],
      ["models", "fallbacks", "clear"],
      ["models", "scan"],
    ];
    // One at a time: fifteen node processes at once would starve a two-core machine.
    for (const command of commands) {
      const result = await state.run([...command, "--help"]);
      expect(result.code, command.join(" ")).toBe(0);
      expect(result.stdout, command.join(" ")).toMatch(/Examples:\n {2}openclaw /);
    }
  });
});

describe("key check against the simulator", () => {
  it("says a key is for the other region and writes nothing", async () => {
    const state = freshState(endpoints);
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_CN_KEY));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error: .*rejected the key \(401.*Moonshot China.*accepts it.*wrong region/,
    );
    expect(result.stderr).toContain("--auth-choice moonshot-api-key-cn");
    expectNoSecrets(result, MOONSHOT_CN_KEY);
    expectNothingWritten(state);
  });

  it("says a Kimi Code key was given to Moonshot (by its prefix) and the reverse", async () => {
    const state = freshState(endpoints);
    const kimiOnMoonshot = await state.run(onboardWithKey("moonshot-api-key", KIMI_KEY));
    expect(kimiOnMoonshot.code).toBe(2);
    expect(kimiOnMoonshot.stderr).toContain("is a Kimi Code key");
    // The message says which input held the key (the flag), never the key itself.
    expect(kimiOnMoonshot.stderr).toContain("this key from --moonshot-api-key is a Kimi Code key");
    expectNoSecrets(kimiOnMoonshot, KIMI_KEY);
    const moonshotOnKimi = await state.run(onboardWithKey("kimi-code-api-key", MOONSHOT_KEY));
    // A key without sk-kimi- is not refused for its prefix (a proxy may issue its own): the key
    // check asks, and the endpoint that takes it says what it is.
    expect(moonshotOnKimi.code).toBe(1);
    expect(moonshotOnKimi.stderr).toContain("this is a key for Moonshot international");
    expect(moonshotOnKimi.stderr).toContain("run again with --auth-choice moonshot-api-key");
    expectNoSecrets(moonshotOnKimi, MOONSHOT_KEY);
    expectNothingWritten(state);
  });

  it("rejects a key neither endpoint accepts", async () => {
    const state = freshState(endpoints);
    const bad = "sk-test-moonshot-revoked-0009";
    const result = await state.run(onboardWithKey("moonshot-api-key", bad, "--json"));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: { code: "onboard.key_invalid" },
    });
    expectNoSecrets(result, bad);
    expectNothingWritten(state);
  });

  it("does not claim that a region it could not reach rejected the key", async () => {
    const port = await closedPort();
    const state = freshState({
      ...endpoints,
      OPENCLAW_MOONSHOT_CN_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_CN_KEY));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("rejected the key (401");
    expect(result.stderr).toContain(
      `Moonshot China (http://127.0.0.1:${port}/v1) could not be reached (connection refused), so the key may belong there`,
    );
    expect(result.stderr).not.toMatch(/so did[^;\n]*Moonshot China/);
    expect(result.stderr).toContain("--auth-choice moonshot-api-key-cn");
    expectNoSecrets(result, MOONSHOT_CN_KEY);
    expectNothingWritten(state);
  });

  it("checks a rejected Kimi Code key on Kimi Code only, and gives advice the tool accepts", async () => {
    const port = await closedPort();
    const state = freshState({
      ...endpoints,
      OPENCLAW_MOONSHOT_CN_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    const bad = "sk-kimi-test-bad-9999";
    const moonshotProbes = () =>
      ai.requests.filter((request) => request.path.startsWith("/v1/")).length;
    const before = moonshotProbes();
    const result = await state.run(onboardWithKey("kimi-code-api-key", bad));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("rejected the key (401");
    // Not sent to Moonshot, and not told to run --auth-choice moonshot-api-key-cn (which refuses it).
    expect(moonshotProbes()).toBe(before);
    expect(result.stderr).not.toContain("moonshot-api-key");
    expect(result.stderr).not.toContain("could not be reached");
    expect(result.stderr).toContain("check that the key was copied whole");
    expectNoSecrets(result, bad);
    expectNothingWritten(state);
  });

  it("still onboards with a warning when the endpoint is unreachable", async () => {
    const port = await closedPort();
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: `http://127.0.0.1:${port}/v1` });
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: could not reach .*connection refused/);
    expect(state.store().profiles["moonshot:default"]).toMatchObject({ key: MOONSHOT_KEY });
    expectNoSecrets(result, MOONSHOT_KEY);
  });
});

describe("bad input: a clear message and no partial write", () => {
  const existingConfig =
    '{ "agents": { "defaults": { "model": { "primary": "kimi-code/kimi-for-coding" } } } }\n';
  const existingStore = `${JSON.stringify({ version: 1, profiles: { "kimi-code:default": { type: "api_key", provider: "kimi-code", key: KIMI_KEY } } })}\n`;

  function stateWithFiles() {
    const state = freshState(endpoints);
    writeFileSync(state.configPath, existingConfig);
    mkdirSync(join(state.dir, "agents", "main", "agent"), { recursive: true });
    writeFileSync(state.storePath, existingStore);
    return state;
  }

  const cases: { name: string; args: string[]; code: number; message: RegExp }[] = [
    {
      name: "an empty key",
      args: ["--auth-choice", "moonshot-api-key", "--moonshot-api-key", ""],
      code: 2,
      message: /is empty/,
    },
    {
      name: "a key with a space",
      args: ["--auth-choice", "moonshot-api-key", "--moonshot-api-key", "sk-test moonshot-0001"],
      code: 2,
      message: /contains whitespace/,
    },
    {
      name: "a key with a newline",
      args: ["--auth-choice", "moonshot-api-key", "--moonshot-api-key", "sk-test-moonshot\n-0001"],
      code: 2,
      message: /contains a line break/,
    },
    {
      name: "an unknown auth choice",
      args: ["--auth-choice", "moonshot-key"],
      code: 2,
      message: /unknown --auth-choice "moonshot-key".*did you mean/,
    },
    {
      name: "a base URL that is not a URL",
      args: [
        "--auth-choice",
        "custom-api-key",
        "--custom-base-url",
        "llm.example.com",
        "--custom-model-id",
        "m1",
        "--custom-api-key",
        "sk-test-custom-0001",
      ],
      code: 2,
      message: /--custom-base-url "llm.example.com" has no http:\/\/ or https:\/\/ in front/,
    },
    {
      name: "no key at all",
      args: ["--auth-choice", "moonshot-api-key"],
      code: 2,
      message: /no API key given for moonshot/,
    },
    {
      name: "a key flag for the other provider",
      args: ["--auth-choice", "kimi-code-api-key", "--moonshot-api-key", MOONSHOT_KEY],
      code: 2,
      message: /--moonshot-api-key does not go with --auth-choice kimi-code-api-key/,
    },
    {
      name: "--non-interactive without --accept-risk",
      args: ["--auth-choice", "skip"],
      code: 2,
      message: /needs --accept-risk/,
    },
  ];
  for (const testCase of cases) {
    it(`refuses ${testCase.name}`, async () => {
      const state = stateWithFiles();
      const before = state.snapshot();
      const args = testCase.name.startsWith("--non-interactive")
        ? ["onboard", "--non-interactive", ...testCase.args]
        : [...ONBOARD, ...testCase.args];
      const result = await state.run(args);
      expect(result.code).toBe(testCase.code);
      expect(result.stderr).toMatch(testCase.message);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stderr).toContain("hint: ");
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(state.snapshot()).toEqual(before);
    });
  }

  it("refuses an unwritable state dir without writing anything", async () => {
    const state = freshState(endpoints);
    const blocker = join(state.dir, "not-a-dir");
    writeFileSync(blocker, "");
    const stateDir = join(blocker, "state");
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY), {
      OPENCLAW_STATE_DIR: stateDir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: OPENCLAW_STATE_DIR=${stateDir} is under ${blocker}, a file, not a directory`,
    );
    expect(result.stderr).toContain("hint: point OPENCLAW_STATE_DIR at a directory");
    expectNoSecrets(result, MOONSHOT_KEY);
  });

  it("refuses a read-only state dir without writing anything, as root too", async () => {
    const state = stateWithFiles();
    const before = state.snapshot();
    // The credential store's directory is read-only: the config must stay untouched too.
    const agentDir = join(state.dir, "agents", "main", "agent");
    chmodSync(agentDir, 0o500);
    try {
      const result = await runCli(
        onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
        { env: state.env, user: permissionsBindUnder(state.dir) },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/not writable|permission denied/);
      expect(state.snapshot()).toEqual(before);
    } finally {
      chmodSync(agentDir, 0o700);
    }
  });

  it("Ctrl-C while it waits for another process's lock on the config leaves no lock of its own", async () => {
    const state = stateWithFiles();
    const before = state.snapshot();
    const otherLock = `${state.configPath}.lock`;
    const other = JSON.stringify({ pid: process.pid, host: hostname(), since: "x", token: "t" });
    writeFileSync(otherLock, other);
    const child = spawn(
      process.execPath,
      [CLI, ...onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health")],
      { env: { PATH: process.env.PATH ?? "", ...state.env }, stdio: ["ignore", "ignore", "pipe"] },
    );
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    let stderr = "";
    // It says that it waits, and for whom; Ctrl-C then (the wait would give up after 10 s).
    const waiting = new Promise<void>((resolve) => {
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        if (stderr.includes("waiting for it")) resolve();
      });
    });
    try {
      await waiting;
      expect(stderr).toContain(
        `another openclaw process (pid ${process.pid}) is changing ${state.configPath}; waiting for it (up to 10 s; Ctrl-C stops, nothing written)`,
      );
      child.kill("SIGINT");
      // Not handled: ended by the signal (a shell says 130), as any command stopped by Ctrl-C.
      expect(await ended).toBe("SIGINT");
    } finally {
      child.kill("SIGKILL");
    }
    expect(existsSync(`${state.storePath}.lock`)).toBe(false);
    expect(readFileSync(otherLock, "utf8")).toBe(other);
    expect(state.snapshot()).toEqual(before);
  });
});
