/**
 * The provider pages' Kimi Code over its Anthropic API snippet (English and Chinese): the same
 * JSON on both, a whole file the config loader takes as written, and, pointed at the simulator's
 * `/coding` (its base URL the only change), it answers through the built CLI at
 * `/coding/v1/messages` with the User-Agent and `x-api-key` it sets, as the page says; the checks
 * the page gives (`models status --probe`, one `agent` call) say what it says they say.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCatalog, resolveModelChain } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { tempFiles } from "../helpers/tmp.js";
import { expectNoSecrets, freshState, KIMI_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const PAGES = {
  en: {
    path: "docs/providers/moonshot.md",
    heading: "## Config: Kimi Code over its Anthropic API",
  },
  zh: { path: "docs/zh-CN/providers/moonshot.md", heading: "## Kimi Code 的 Anthropic 兼容接口" },
};

/** The json5 block under a page's heading, as a person copies it. */
function snippetOf(page: { path: string; heading: string }): string {
  const text = readFileSync(join(import.meta.dirname, "../..", page.path), "utf8");
  const at = text.indexOf(`\n${page.heading}\n`);
  if (at === -1) throw new Error(`${page.path} has no heading ${page.heading}`);
  const next = text.indexOf("\n## ", at + 1);
  const section = text.slice(at, next === -1 ? undefined : next);
  const match = /```json5\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`${page.path}: no json5 snippet under ${page.heading}`);
  return match[1];
}

const SNIPPET = snippetOf(PAGES.en);
const PUBLIC_BASE = "https://api.kimi.com/coding";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai", record: true });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.reset();
});

/** A state dir whose config is the page's snippet, its base URL the simulator's `/coding`. */
function snippetState(snippet = SNIPPET) {
  const state = freshState({ KIMICODE_API_KEY: KIMI_KEY });
  expect(snippet).toContain(`baseUrl: "${PUBLIC_BASE}"`);
  const coding = sim.kimiCodeBaseUrl.replace(/\/v1$/, "");
  writeFileSync(state.configPath, snippet.replace(`"${PUBLIC_BASE}"`, JSON.stringify(coding)));
  return state;
}

describe("the provider pages' Kimi Code over its Anthropic API snippet", () => {
  it("is the same JSON on the English and the Chinese page", () => {
    expect(JSON5.parse(snippetOf(PAGES.zh))).toEqual(JSON5.parse(SNIPPET));
  });

  it("loads as written: its default model is its own provider's, over anthropic-messages at /coding", () => {
    const dir = tempFiles({ "openclaw.json": SNIPPET });
    const config = loadConfig({ path: join(dir, "openclaw.json"), env: {} });
    const [primary] = resolveModelChain(buildCatalog(config));
    expect(primary?.ref).toBe("kimi-coding/kimi-for-coding");
    expect(primary?.api).toBe("anthropic-messages");
    expect(primary?.baseUrl).toBe(PUBLIC_BASE);
    expect(primary?.headers["User-Agent"]).toBe("KimiCLI/0.77");
  });

  it("config validate takes it", async () => {
    const validate = await snippetState().run(["config", "validate"]);
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
  });

  it("one agent call answers through /coding/v1/messages, with the key as x-api-key and Kimi Code's User-Agent", async () => {
    const state = snippetState();
    sim.script([{ respond: { reply: { text: "hi from the anthropic surface" } } }]);
    const run = await state.run([
      "agent",
      "-m",
      "Say hi",
      "--model",
      "kimi-coding/kimi-for-coding",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("hi from the anthropic surface");
    // Billed by the plan, as the other Kimi Code setup.
    expect(run.stderr.replace(/\s+/g, " ")).toContain("cost Kimi Code plan quota");
    expectNoSecrets(run, KIMI_KEY);
    const chats = sim.requests.filter((request) => request.method === "POST");
    expect(chats.map((request) => request.path)).toEqual(["/coding/v1/messages"]);
    const [chat] = chats;
    expect(chat?.headers["x-api-key"]).toBe(KIMI_KEY);
    expect(chat?.headers["user-agent"]).toBe("KimiCLI/0.77");
    expect(chat?.headers["anthropic-version"]).toBe("2023-06-01");
    // What the page says is not sent: no prompt_cache_key (agent sends its session id over chat
    // completions), no sampling while kimi-for-coding thinks; the cap as max_tokens.
    const body = chat?.body as Record<string, unknown>;
    expect(body.prompt_cache_key).toBeUndefined();
    expect(body.temperature).toBeUndefined();
    expect(body.max_tokens).toBe(32000);
    expect(body.thinking).toMatchObject({ type: "enabled" });
  });

  it("models status --probe checks the key at /coding/v1/models and reads the plan's quota", async () => {
    const text = await snippetState().run(["models", "status", "--probe"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("✓ probe: the key works on");
    expect(text.stdout).toContain("plan quota:");
    expectNoSecrets(text, KIMI_KEY);
    const status = await snippetState().run(["models", "status", "--probe", "--json"]);
    expect(status.code).toBe(0);
    const probe = (
      JSON.parse(status.stdout) as {
        probes: { provider: string; result: { status: string }; credit?: unknown }[];
      }
    ).probes.find((entry) => entry.provider === "kimi-coding");
    expect(probe?.result.status).toBe("valid");
    expect(probe?.credit).toBeDefined();
    const paths = sim.requests.map((request) => `${request.method} ${request.path}`);
    expect(paths).toContain("GET /coding/v1/models");
    expect(paths).toContain("GET /coding/v1/usages");
  });

  it("without its User-Agent header, as the page warns, Kimi Code refuses the client", async () => {
    const withoutHeader = SNIPPET.replace(
      /^\s*headers: \{ "User-Agent": "KimiCLI\/0\.77" \},\n/m,
      "",
    );
    expect(withoutHeader).not.toBe(SNIPPET);
    const run = await snippetState(withoutHeader).run([
      "agent",
      "-m",
      "Say hi",
      "--model",
      "kimi-coding/kimi-for-coding",
    ]);
    expect(run.code).not.toBe(0);
    const said = run.stderr.replace(/\s+/g, " ");
    expect(said).toContain("refused this client for model kimi-for-coding: 403");
    expect(said).toContain(
      `openclaw config set 'models.providers.kimi-coding.headers' '{"User-Agent": "KimiCLI/0.77"}'`,
    );
  });
});
