/**
 * A running gateway (in this process, on a real socket) in front of a running simulator, with a
 * temp state dir whose config points Moonshot and Kimi Code at the simulator.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import Database from "better-sqlite3";
import OpenAI from "openai";
import { expect } from "vitest";
import {
  type RunningGateway,
  type StartGatewayOptions,
  startGateway,
} from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { type Simulator, type SimulatorOptions, startSimulator } from "../simulator/index.js";

export { eventually } from "../helpers/wait.js";

export const GATEWAY_TOKEN = "test-gateway-token-0001";

/** The reasoning of the two tool-call turns `scriptTimeToolRounds` makes the model answer with. */
export const TOOL_ROUND_REASONING = ["First I need the time.", "Now the time in Tokyo."] as const;

/**
 * Checks the last upstream request replayed both scripted tool-call turns, each with its
 * reasoning and its one call, as Moonshot requires of a thinking model's conversation.
 */
export function expectToolRoundsReplayed(sim: Simulator): void {
  const last = sim.chatRequests().at(-1)?.body as {
    messages: { role: string; reasoning_content?: string; tool_calls?: unknown[] }[];
  };
  expect(
    last.messages
      .filter((message) => message.role === "assistant")
      .map((message) => [message.reasoning_content, message.tool_calls?.length]),
  ).toEqual([
    [TOOL_ROUND_REASONING[0], 1],
    [TOOL_ROUND_REASONING[1], 1],
  ]);
}

/**
 * Scripts the thinking model to call `get_time` twice (UTC, then Asia/Tokyo), each turn with its
 * reasoning, and then, when `finalText` is given, to answer with it.
 */
export function scriptTimeToolRounds(sim: Simulator, finalText?: string): void {
  const round = (reasoning: string, tz: string) => ({
    when: { model: "kimi-k2-thinking" },
    respond: { reply: { reasoning, toolCalls: [{ name: "get_time", arguments: { tz } }] } },
  });
  sim.script([
    round(TOOL_ROUND_REASONING[0], "UTC"),
    round(TOOL_ROUND_REASONING[1], "Asia/Tokyo"),
    ...(finalText === undefined
      ? []
      : [{ when: { model: "kimi-k2-thinking" }, respond: { reply: { text: finalText } } }]),
  ]);
}
/** The notes of an answer's x-openclaw-notes header, decoded; none without the header. */
export function notesOf(headers: Headers): string[] {
  const value = headers.get("x-openclaw-notes");
  return value === null ? [] : value.split(",").map((entry) => decodeURIComponent(entry.trim()));
}

/**
 * An `editConfig` for startGatewayEnv that adds provider `id`, serving `kimi-k2.5` at the
 * simulator's Moonshot address with its key: a provider the gateway knows nothing of (neither
 * Moonshot's endpoint nor its id), where a field of another vendor's may mean something.
 */
export function withUnknownProvider(id: string): (config: Record<string, unknown>) => void {
  return (config) => {
    const models = config.models as { providers: Record<string, Record<string, unknown>> };
    const moonshot = models.providers.moonshot as Record<string, unknown>;
    models.providers[id] = {
      baseUrl: moonshot.baseUrl,
      apiKey: moonshot.apiKey,
      api: "openai-completions",
      models: [{ id: "kimi-k2.5", name: "Served elsewhere", reasoning: false, input: ["text"] }],
    };
    const agents = config.agents as { defaults: { models: Record<string, unknown> } };
    agents.defaults.models[`${id}/kimi-k2.5`] = {};
  };
}

/**
 * An `editConfig` for startGatewayEnv that sets `compat.alwaysThinks` on kimi-for-coding, as the
 * built-in catalog does (the harness's `models.mode: "replace"` leaves the built-in entry out).
 */
export function withKimiCodeAlwaysThinking(config: Record<string, unknown>): void {
  const models = config.models as {
    providers: Record<string, { models: { id: string; compat?: object }[] }>;
  };
  for (const model of models.providers["kimi-code"]?.models ?? [])
    if (model.id === "kimi-for-coding") model.compat = { ...model.compat, alwaysThinks: true };
}

const envRef = (name: string) => `\${${name}}`;

export function simConfig(
  sim: Simulator,
  options: {
    primary?: string;
    fallbacks?: string[];
    gateway?: Record<string, unknown>;
    extraProviders?: Record<string, unknown>;
  } = {},
) {
  const cost = { input: 0.6, output: 2.5, cacheRead: 0.15, cacheWrite: 0 };
  return {
    agents: {
      defaults: {
        model: {
          primary: options.primary ?? "moonshot/kimi-k2.5",
          fallbacks: options.fallbacks ?? ["kimi-code/kimi-for-coding"],
        },
        models: {
          "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
          "moonshot/kimi-k2-thinking": { alias: "Kimi K2 Thinking" },
          "moonshot/kimi-k2-turbo-preview": {},
          "moonshot/kimi-k3": {},
          "kimi-code/kimi-for-coding": {},
          ...Object.fromEntries(
            Object.entries(options.extraProviders ?? {}).flatMap(([id, provider]) =>
              ((provider as { models?: { id: string }[] }).models ?? []).map((model) => [
                `${id}/${model.id}`,
                {},
              ]),
            ),
          ),
        },
      },
    },
    models: {
      mode: "replace",
      providers: {
        ...options.extraProviders,
        moonshot: {
          baseUrl: sim.moonshotBaseUrl,
          apiKey: envRef("MOONSHOT_API_KEY"),
          api: "openai-completions",
          models: [
            {
              id: "kimi-k2.5",
              name: "Kimi K2.5",
              reasoning: false,
              input: ["text", "image"],
              cost,
            },
            {
              id: "kimi-k2-turbo-preview",
              name: "Kimi K2 Turbo",
              reasoning: false,
              input: ["text"],
              cost,
            },
            {
              id: "kimi-k2-thinking",
              name: "Kimi K2 Thinking",
              reasoning: true,
              input: ["text"],
              cost,
            },
            { id: "kimi-k3", name: "Kimi K3", reasoning: true, input: ["text", "image"], cost },
          ],
        },
        "kimi-code": {
          baseUrl: sim.kimiCodeBaseUrl,
          apiKey: envRef("KIMICODE_API_KEY"),
          api: "openai-completions",
          models: [
            {
              id: "kimi-for-coding",
              name: "Kimi For Coding",
              reasoning: true,
              input: ["text"],
              headers: { "User-Agent": "KimiCLI/0.77" },
              compat: { supportsDeveloperRole: false },
            },
          ],
        },
      },
    },
    gateway: { auth: { mode: "token", token: GATEWAY_TOKEN }, ...options.gateway },
  };
}

export interface GatewayEnv {
  sim: Simulator;
  gateway: RunningGateway;
  stateDir: string;
  configPath: string;
  env: Record<string, string | undefined>;
  baseURL: string;
  client(token?: string): OpenAI;
  /** The official Anthropic SDK on the gateway's /v1/messages, with the token as x-api-key. */
  anthropic(token?: string): Anthropic;
  close(): Promise<void>;
}

/** What startGatewayEnv starts: the simulator's options, the config's model chain and edits. */
export interface GatewayEnvOptions {
  sim?: SimulatorOptions;
  primary?: string;
  fallbacks?: string[];
  extraProviders?: Record<string, unknown>;
  /** Merged over the `gateway` block (token auth with GATEWAY_TOKEN). */
  gateway?: Record<string, unknown>;
  start?: Partial<StartGatewayOptions>;
  /** Changes the config before the gateway starts with it (one it would not take on reload). */
  editConfig?: (config: Record<string, unknown>) => void;
}

export async function startGatewayEnv(options: GatewayEnvOptions = {}): Promise<GatewayEnv> {
  const sim = await startSimulator({
    // The seed config names the K2 previews and kimi-k2-thinking*, retired since: served here.
    serveRetiredModels: true,
    ...options.sim,
  });
  const stateDir = mkdtempSync(join(tmpdir(), "openclaw-gw-"));
  const configPath = join(stateDir, "openclaw.json");
  const config = simConfig(sim, options) as Record<string, unknown>;
  options.editConfig?.(config);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const env = gatewayEnv(stateDir, sim.keys);
  const gateway = await startGateway({
    env,
    port: 0,
    transports: await defaultTransports(),
    watch: false,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    ...options.start,
  });
  const baseURL = `${gateway.url}/v1`;
  return {
    sim,
    gateway,
    stateDir,
    configPath,
    env,
    baseURL,
    client: (token = GATEWAY_TOKEN) =>
      new OpenAI({ apiKey: token, baseURL, maxRetries: 0, timeout: 15_000 }),
    anthropic: (token = GATEWAY_TOKEN) =>
      new Anthropic({ apiKey: token, baseURL: gateway.url, maxRetries: 0, timeout: 15_000 }),
    async close() {
      await gateway.close(2000);
      await sim.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Flushes the gateway's usage ledger and runs one query on it (read-only); `Row` is the shape the
 * caller's SELECT returns.
 */
export async function ledgerQuery<Row>(
  env: GatewayEnv,
  sql: string,
  ...params: unknown[]
): Promise<Row[]> {
  await env.gateway.ledger?.flush();
  const db = new Database(env.gateway.ledgerPath ?? "", { readonly: true });
  try {
    return db.prepare<unknown[], Row>(sql).all(...params);
  } finally {
    db.close();
  }
}

/**
 * One chat request (moonshot/kimi-k2.5, `content` as the user's message, `user` as the client
 * when given) to a gateway with GATEWAY_TOKEN; its answer read to the end, its status returned.
 */
export async function chatStatus(url: string, content = "hi", user?: string): Promise<number> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content }],
      ...(user === undefined ? {} : { user }),
    }),
  });
  await response.text();
  return response.status;
}

/** A POST of `body` to a gateway's /v1/messages as Anthropic's API takes it (x-api-key, version). */
export function postMessages(url: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${url}/v1/messages`, {
    method: "POST",
    headers: {
      "x-api-key": GATEWAY_TOKEN,
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
}
