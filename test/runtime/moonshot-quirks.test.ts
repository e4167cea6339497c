/**
 * Moonshot and Kimi Code as the real APIs behave, through the runtime, the gateway and the
 * config checks, against the simulator over real sockets: a 429 whose wait is only in its
 * message, a Kimi Code key configured for Moonshot, an `api` this build does not speak
 * (`openai-responses`), preserved thinking (`thinking.keep: "all"`), and web search on a model that cannot stop
 * thinking.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { buildCatalog, checkCatalog } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { startGateway } from "../../src/gateway/index.js";
import { listModelRows } from "../../src/onboard/index.js";
import { defaultTransports, openRuntime, type RuntimeEvent } from "../../src/runtime/index.js";
import { GATEWAY_TOKEN, simConfig } from "../gateway/harness.js";
import { SIM_KEYS, type Simulator, startSimulator } from "../simulator/index.js";
import { type SimEnv, startSimEnv } from "./sim-env.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simEnv(): Promise<SimEnv> {
  const env = await startSimEnv();
  cleanups.push(() => env.close());
  return env;
}

const ask = (text: string) => ({ messages: [{ role: "user" as const, content: text }] });

/** A gateway in this process over a simulator, its config changed by `edit` first. */
async function gatewayWith(edit: (config: ReturnType<typeof simConfig>) => void = () => {}) {
  const sim: Simulator = await startSimulator({ serveRetiredModels: true });
  const stateDir = mkdtempSync(join(tmpdir(), "openclaw-quirks-"));
  const config = simConfig(sim);
  edit(config);
  writeFileSync(join(stateDir, "openclaw.json"), JSON.stringify(config, null, 2));
  const logs: string[] = [];
  const gateway = await startGateway({
    env: {
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_HOME: stateDir,
      MOONSHOT_API_KEY: sim.keys.moonshot,
      KIMICODE_API_KEY: sim.keys.kimiCode,
    },
    port: 0,
    transports: await defaultTransports(),
    watch: false,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    log: (line) => logs.push(line),
  });
  cleanups.push(async () => {
    await gateway.close(2000);
    await sim.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
  const client = new OpenAI({
    apiKey: GATEWAY_TOKEN,
    baseURL: `${gateway.url}/v1`,
    maxRetries: 0,
    timeout: 15_000,
  });
  return { sim, client, logs };
}

describe("a 429 whose wait is only in its message", () => {
  it("is retried after the second it asks for, with the default retry policy", async () => {
    const env = await simEnv();
    const { runtime } = openRuntime({ env: env.env });
    env.sim.failNext(1, "rateLimitRpm");
    const retries: Extract<RuntimeEvent, { type: "retry" }>[] = [];
    const result = await runtime.complete(
      { model: "moonshot/kimi-k2-turbo-preview", request: ask("hi") },
      (event) => {
        if (event.type === "retry") retries.push(event);
      },
    );
    expect(result.message.content).toContain("Echo: hi");
    expect(retries).toHaveLength(1);
    // "please try again after 1 seconds": not the 250–500 ms of the default first backoff.
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1000);
  });
});

describe("the gateway with a Kimi Code key configured for Moonshot", () => {
  it("says it is a Kimi Code key, not that no key was found", async () => {
    const { client } = await gatewayWith((config) => {
      config.models.providers.moonshot.apiKey = SIM_KEYS.kimiCode[0] ?? "";
    });
    const error = await client.chat.completions
      .create({ model: "moonshot/kimi-k2.5", messages: ask("hi").messages })
      .catch((caught: unknown) => caught);
    const message = String((error as Error).message);
    expect(message).toContain(
      "config models.providers.moonshot.apiKey: this API key is a Kimi Code key (it starts with sk-kimi-)",
    );
    expect(message).not.toContain("no API key found");
    expect(message).not.toContain(SIM_KEYS.kimiCode[0]);
  });
});

describe('an api this build has no transport for ("openai-responses")', () => {
  it("is a config error at its dotted path and line, models list marks it, a request names the path", async () => {
    const env = await simEnv();
    const file = join(env.stateDir, "openclaw.json");
    const config = {
      agents: { defaults: { model: { primary: "kimi-code/kimi-for-coding" } } },
      models: {
        providers: {
          "kimi-code": {
            baseUrl: env.sim.kimiCodeBaseUrl,
            apiKey: env.sim.keys.kimiCode,
            api: "openai-responses",
          },
        },
      },
    };
    const text = JSON.stringify(config, null, 2);
    writeFileSync(file, text);
    const line = text.split("\n").findIndex((entry) => entry.includes('"api"')) + 1;
    const loaded = loadConfig({ path: file, env: env.env });
    const catalog = buildCatalog(loaded);
    const finding = checkCatalog(catalog).find(
      (found) => found.path === "models.providers.kimi-code.api",
    );
    expect(finding?.level).toBe("error");
    expect(finding?.message).toContain('api "openai-responses" is not supported yet');
    expect(finding?.hint).toContain(`${file}:${line}: set it to "openai-completions"`);

    const rows = listModelRows({ catalog, env: env.env, agentDir: env.stateDir });
    const row = rows.find((entry) => entry.ref === "kimi-code/kimi-for-coding");
    expect(row?.tags).toContain("unusable: api openai-responses");

    const { runtime } = openRuntime({ env: env.env, configPath: file });
    const error = await runtime
      .complete({ model: "kimi-code/kimi-for-coding", request: ask("hi") })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "provider.not_found" });
    expect((error as Error).message).toContain(
      'api "openai-responses" is not supported yet (models.providers.kimi-code.api)',
    );
    expect(env.sim.chatRequests()).toHaveLength(0);

    // With a fallback, the fallback answers.
    const withFallback = {
      ...config,
      agents: {
        defaults: {
          model: { primary: "kimi-code/kimi-for-coding", fallbacks: ["moonshot/kimi-k2.5"] },
        },
      },
      models: {
        providers: {
          ...config.models.providers,
          moonshot: { baseUrl: env.sim.moonshotBaseUrl, apiKey: env.sim.keys.moonshot },
        },
      },
    };
    writeFileSync(file, JSON.stringify(withFallback, null, 2));
    const reopened = openRuntime({ env: env.env, configPath: file });
    const answer = await reopened.runtime.complete({ request: ask("hi") });
    expect(answer.model).toBe("moonshot/kimi-k2.5");
    expect(answer.fallbackFrom).toBe("kimi-code/kimi-for-coding");
  });
});

describe('a client\'s thinking object with keep: "all" (preserved thinking)', () => {
  it("goes whole to a thinking model, with a reasoning_content on every assistant message", async () => {
    const { sim, client } = await gatewayWith();
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      // @ts-expect-error Moonshot's thinking object, not in OpenAI's types
      thinking: { type: "enabled", keep: "all" },
      messages: [
        { role: "user", content: "a" },
        // reasoning_content, which the client kept from an earlier answer
        { role: "assistant", content: "b", reasoning_content: "kept" } as never,
        { role: "user", content: "c" },
        { role: "assistant", content: "d" },
        { role: "user", content: "e" },
      ],
    });
    expect(answer.choices[0]?.message.content).toContain("Echo");
    const sent = sim.chatRequests().at(-1)?.body as {
      thinking: unknown;
      messages: { role: string; reasoning_content?: string }[];
    };
    expect(sent.thinking).toEqual({ type: "enabled", keep: "all" });
    expect(
      sent.messages.filter((m) => m.role === "assistant").map((m) => m.reasoning_content),
    ).toEqual(["kept", ""]);
  });

  it("is named whole in the log where it is not sent (a model the config calls non-reasoning)", async () => {
    const { sim, client, logs } = await gatewayWith();
    await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      // @ts-expect-error Moonshot's thinking object, not in OpenAI's types
      thinking: { type: "enabled", keep: "all" },
      messages: ask("hi").messages,
    });
    const sent = sim.chatRequests().at(-1)?.body as { thinking?: unknown } | undefined;
    expect(sent).toBeDefined();
    expect(sent?.thinking).toBeUndefined();
    expect(logs.join("\n")).toContain('thinking {"type":"enabled","keep":"all"} not sent');
  });
});

describe("web search on Kimi Code's kimi-for-coding, which refuses thinking off", () => {
  it("fails before sending anything, naming a model that can search", async () => {
    const env = await simEnv();
    const { runtime } = openRuntime({ env: env.env, retry: { baseDelayMs: 20, maxDelayMs: 50 } });
    const error = await runtime
      .complete({ model: "kimi-code/kimi-for-coding", request: ask("news?"), webSearch: true })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: "provider.bad_request",
      where: "kimi-code/kimi-for-coding",
      message:
        "kimi-code/kimi-for-coding cannot search the web: it always thinks (it refuses thinking off, its compat.alwaysThinks says), and Moonshot's $web_search works only with thinking off, so the request was not sent",
      hint: "search with a model that can stop thinking, such as moonshot/kimi-k2.5, or ask kimi-code/kimi-for-coding without web search",
    });
    // The built-in catalog says it always thinks: no request was sent to be refused.
    expect(env.sim.chatRequests()).toEqual([]);
  });

  it("is sent thinking off only when the config clears compat.alwaysThinks, and learns the refusal", async () => {
    const env = await simEnv();
    const { runtime } = openRuntime({
      env: env.env,
      config: {
        models: {
          providers: {
            "kimi-code": {
              baseUrl: env.sim.kimiCodeBaseUrl,
              apiKey: "${KIMICODE_API_KEY}",
              models: [
                {
                  id: "kimi-for-coding",
                  name: "Kimi For Coding",
                  reasoning: true,
                  compat: { alwaysThinks: false },
                },
              ],
            },
          },
        },
      },
    });
    const events = [];
    for await (const event of runtime.stream({
      model: "kimi-code/kimi-for-coding",
      request: { ...ask("hi"), thinking: "off" },
    }))
      events.push(event);
    expect(events.at(-1)?.type).toBe("result");
    const thinking = env.sim.chatRequests().map((r) => (r.body as { thinking?: unknown }).thinking);
    expect(thinking).toEqual([{ type: "disabled" }, undefined]);
  });

  it("is sent thinking off as no switch at all, in one request, as its built-in entry says", async () => {
    const env = await simEnv();
    const { runtime } = openRuntime({ env: env.env });
    const notes: string[] = [];
    for await (const event of runtime.stream({
      model: "kimi-code/kimi-for-coding",
      request: { ...ask("hi"), thinking: "off" },
    }))
      if (event.type === "start") notes.push(...(event.adjustments ?? []));
    const thinking = env.sim.chatRequests().map((r) => (r.body as { thinking?: unknown }).thinking);
    expect(thinking).toEqual([undefined]);
    expect(notes).toContain(
      'thinking "off" not applied: kimi-code/kimi-for-coding always thinks (it refuses thinking off, its compat.alwaysThinks says), so it is sent without the thinking switch and thinks at its own depth',
    );
  });
});

describe("a model id the API has retired", () => {
  it("fails with what to do: scan for the ids the key may use now", async () => {
    // The API of today: the K2 previews and kimi-k2-thinking* are gone (404 resource_not_found).
    const env = await startSimEnv({ sim: { serveRetiredModels: false } });
    cleanups.push(() => env.close());
    const { runtime } = openRuntime({ env: env.env });
    const error = await runtime
      .complete({ model: "moonshot/kimi-k2-thinking", request: ask("hi") })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "provider.not_found" });
    expect((error as Error).message).toContain("does not know the model kimi-k2-thinking");
    // The runtime's config is its own state dir's, which a plain shell does not read: the scan
    // reaches it with that dir's word before it.
    expect((error as { hint?: string }).hint).toContain(
      `see what the key may use now with: OPENCLAW_STATE_DIR=${env.env.OPENCLAW_STATE_DIR} openclaw models scan --provider moonshot`,
    );
  });
});
