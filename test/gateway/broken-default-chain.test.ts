/**
 * The default chain (`openclaw`) whose primary's provider cannot be used (a schema problem
 * disabled it, it has no baseUrl, its baseUrl names an unset variable) is served by its
 * fallback: the start-up report and the reload log say once which member is left out and why,
 * a reload that breaks the primary's provider applies, and only a chain with no usable member
 * fails, naming each member's reason. The ledger row says a fallback answered (fallback_from)
 * and /metrics counts the step past the left-out primary. Real sockets: the built CLI's gateway, the simulator,
 * the `openai` client.
 */
import { writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { refusalOf } from "../helpers/api-error.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { gatewayStateWith, twoProviderConfig } from "../helpers/two-provider-config.js";
import { eventually } from "../helpers/wait.js";
import type { Simulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-broken-default-0001";
const BAD_URL = "htp:/bad url";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});
afterEach(() => {
  killGatewayProcesses();
});

/**
 * Moonshot's base URL line (line 4: left out when undefined) and kimi-code's (line 8); the
 * default is moonshot's model with kimi-code's as its fallback, on line 12.
 */
function configText(moonshotBaseUrl: string | undefined, kimiCodeBaseUrl = sim.kimiCodeBaseUrl) {
  return twoProviderConfig(sim, {
    moonshotBaseUrl,
    kimiCodeBaseUrl,
    defaultModel: "{ primary: 'moonshot/kimi-k2.5', fallbacks: ['kimi-code/kimi-for-coding'] }",
    tail: [`  gateway: { auth: { mode: 'token', token: ${JSON.stringify(TOKEN)} } },`],
  });
}

function setUp(text: string) {
  return gatewayStateWith("openclaw-broken-default-", text);
}

/** The model that answered a request for `model`. */
async function answeredBy(client: OpenAI, model: string): Promise<string> {
  const answer = await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: "hi" }],
  });
  expect(answer.choices[0]?.message.content ?? "").not.toBe("");
  return answer.model;
}

/** The status and error of a request for `model`, as the `openai` client reports it. */
function refusal(client: OpenAI, model: string) {
  return refusalOf(answeredBy(client, model));
}

const leftOutLine = (configPath: string, reason: string) =>
  `agents.defaults.model.primary: moonshot/kimi-k2.5 (${configPath}:12) is left out of the default chain, "openclaw" goes to kimi-code/kimi-for-coding: ${reason}`;

const schemaReason = (configPath: string) =>
  `provider "moonshot" is not usable: models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4)`;

describe("the default chain when its primary's provider cannot be used", () => {
  it("is served by the fallback from the start, for each kind of unusable provider", async () => {
    const kinds = [
      {
        baseUrl: BAD_URL,
        reason: schemaReason,
        hint: 'write the full URL, for example "https://api.moonshot.ai/v1"',
      },
      {
        baseUrl: undefined,
        reason: () => 'provider "moonshot" is not usable: provider "moonshot" has no baseUrl',
        hint: 'add baseUrl, e.g. "https://api.example.com/v1"; only built-in providers (moonshot, moonshot-cn, kimi-code) have one already',
      },
      {
        baseUrl: "${H8_UNSET_MOONSHOT_URL}",
        reason: () =>
          "environment variable H8_UNSET_MOONSHOT_URL is not set (used at models.providers.moonshot.baseUrl)",
      },
    ];
    for (const kind of kinds) {
      const { configPath, env } = setUp(configText(kind.baseUrl));
      const gateway = await startGatewayProcess(env);
      const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
      expect(await answeredBy(client, "openclaw")).toBe("kimi-code/kimi-for-coding");
      expect(await answeredBy(client, "openclaw/default")).toBe("kimi-code/kimi-for-coding");
      // The start-up report says it once, with where the default is written and why.
      const said = gateway
        .stderr()
        .split("\n")
        .filter((line) => line.includes("is left out of the default chain"));
      expect(said).toEqual([`problem: ${leftOutLine(configPath, kind.reason(configPath))}`]);
      // The provider's hint is said once, under its own problem, not again under the left-out
      // primary's (which gave the same advice twice in a row).
      const hints = gateway
        .stderr()
        .split("\n")
        .filter((line) => line.startsWith("  hint: "));
      expect(hints).toEqual([...new Set(hints)]);
      if (kind.hint)
        expect(hints.filter((line) => line === `  hint: ${kind.hint}`)).toHaveLength(1);
      killGatewayProcesses();
    }
  });

  it("writes a ledger row naming the skipped primary as fallback_from, and counts the step past it in /metrics", async () => {
    const { stateDir, env } = setUp(configText(BAD_URL));
    const gateway = await startGatewayProcess(env);
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const before = sim.chatRequests().length;
    expect(await answeredBy(client, "openclaw")).toBe("kimi-code/kimi-for-coding");
    // One request upstream: the left-out primary was not tried.
    expect(
      sim
        .chatRequests()
        .slice(before)
        .map((request) => (request.body as { model: string }).model),
    ).toEqual(["kimi-for-coding"]);
    const metrics = await (
      await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    // A step down the chain, though nothing was sent to the left-out primary.
    expect(metrics).toContain(
      'openclaw_gateway_upstream_fallbacks_total{from="moonshot/kimi-k2.5",to="kimi-code/kimi-for-coding"} 1\n',
    );
    gateway.child.kill("SIGTERM");
    await gateway.exited;
    const db = new Database(`${stateDir}/usage.sqlite`, { readonly: true });
    try {
      const row = db
        .prepare(
          "SELECT model_requested, model_used, fallback_from, error_class, status, retries FROM requests",
        )
        .get();
      expect(row).toEqual({
        model_requested: "openclaw",
        model_used: "kimi-code/kimi-for-coding",
        fallback_from: "moonshot/kimi-k2.5",
        error_class: null,
        status: 200,
        retries: 0,
      });
    } finally {
      db.close();
    }
  });

  it("a reload that breaks the primary's provider applies: the fallback serves; fixing it brings the primary back", async () => {
    const { configPath, env } = setUp(configText(sim.moonshotBaseUrl));
    const gateway = await startGatewayProcess(env);
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    expect(await answeredBy(client, "openclaw")).toBe("moonshot/kimi-k2.5");

    writeFileSync(configPath, configText(BAD_URL));
    await eventually(
      () => gateway.stderr().includes("is left out of the default chain"),
      10_000,
      "the reload of the config that breaks moonshot",
    );
    expect(gateway.stderr()).toContain("config reloaded from");
    expect(gateway.stderr()).not.toContain("config reload failed");
    expect(gateway.stderr()).toContain(
      `gateway: ${leftOutLine(configPath, schemaReason(configPath))}`,
    );
    expect(await answeredBy(client, "openclaw")).toBe("kimi-code/kimi-for-coding");

    writeFileSync(configPath, configText(sim.moonshotBaseUrl));
    await eventually(
      () =>
        gateway
          .stderr()
          .includes("gateway: provider moonshot's config is fixed: its models are served again"),
      10_000,
      "the reload of the fixed config",
    );
    expect(await answeredBy(client, "openclaw")).toBe("moonshot/kimi-k2.5");
  });

  it("with every member unusable, openclaw fails naming each member's reason; a reload that does it is refused", async () => {
    const both = configText(BAD_URL, "${H8_UNSET_KIMI_URL}");
    const { configPath, env } = setUp(both);
    const gateway = await startGatewayProcess(env);
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const refused = await refusal(client, "openclaw");
    expect(refused?.status).toBe(404);
    expect(refused?.code).toBe("model_not_found");
    expect(refused?.message).toContain(
      `no model of the default chain can be used: moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:12): ${schemaReason(configPath)}; kimi-code/kimi-for-coding (agents.defaults.model.fallbacks[0], ${configPath}:12): environment variable H8_UNSET_KIMI_URL is not set (used at models.providers.kimi-code.baseUrl)`,
    );
    killGatewayProcesses();

    // Running with a healthy chain, a save that breaks both members' providers is refused.
    const healthy = setUp(configText(sim.moonshotBaseUrl));
    const running = await startGatewayProcess(healthy.env);
    const runningClient = new OpenAI({
      apiKey: TOKEN,
      baseURL: `${running.url}/v1`,
      maxRetries: 0,
    });
    writeFileSync(healthy.configPath, configText(BAD_URL, BAD_URL));
    await eventually(
      () => running.stderr().includes("config reload failed, still serving the last good config"),
      10_000,
      "the refused reload",
    );
    expect(await answeredBy(runningClient, "openclaw")).toBe("moonshot/kimi-k2.5");
  });
});
