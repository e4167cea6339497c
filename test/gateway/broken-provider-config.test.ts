/**
 * A value the schema refuses inside one provider (a base URL that is no URL) disables that
 * provider only: the gateway starts and serves the others, a request for the broken one gets a
 * 503 naming the problem and where it is written, and a reload that breaks or fixes a provider
 * is applied for the others. Real sockets: the built CLI's gateway, the simulator, the `openai`
 * client.
 */
import { readFileSync, writeFileSync } from "node:fs";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { refusalOf } from "../helpers/api-error.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { gatewayStateWith, twoProviderConfig } from "../helpers/two-provider-config.js";
import { eventually } from "../helpers/wait.js";
import type { Simulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-broken-provider-0001";
const BAD_URL = "htp:/bad url";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});
afterEach(() => {
  killGatewayProcesses();
});

/** The config as JSON5 lines: moonshot's base URL on line 4, so the 503 can name that line. */
function configText(moonshotBaseUrl: string): string {
  return twoProviderConfig(sim, {
    moonshotBaseUrl,
    defaultModel: "{ primary: 'kimi-code/kimi-for-coding' }",
    tail: [`  gateway: { auth: { mode: 'token', token: ${JSON.stringify(TOKEN)} } },`],
  });
}

function setUp(moonshotBaseUrl: string) {
  const { configPath, env } = gatewayStateWith(
    "openclaw-broken-provider-",
    configText(moonshotBaseUrl),
  );
  return { configPath, env };
}

async function ask(client: OpenAI, model: string): Promise<string> {
  const answer = await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: "hi" }],
  });
  return answer.choices[0]?.message.content ?? "";
}

/** The status and error of a request for `model`, as the `openai` client reports it. */
function refusal(client: OpenAI, model: string) {
  return refusalOf(ask(client, model));
}

describe("a provider whose settings fail the schema", () => {
  it("is disabled at start: the others serve, and a request for it gets a 503 naming file:line", async () => {
    const { configPath, env } = setUp(BAD_URL);
    // The broken provider's model has an alias (on the same line: line 4 stays the base URL's).
    writeFileSync(
      configPath,
      configText(BAD_URL).replace(
        "model: { primary: 'kimi-code/kimi-for-coding' } }",
        "model: { primary: 'kimi-code/kimi-for-coding' }, models: { 'moonshot/kimi-k2.5': { alias: 'Kimi K2.5' }, 'kimi-code/kimi-for-coding': {} } }",
      ),
    );
    const gateway = await startGatewayProcess(env);
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });

    expect((await ask(client, "kimi-code/kimi-for-coding")).length).toBeGreaterThan(0);
    const ids = (await client.models.list()).data.map((model) => model.id);
    expect(ids).toContain("kimi-code/kimi-for-coding");
    expect(ids).not.toContain("moonshot/kimi-k2.5");

    const refused = await refusal(client, "moonshot/kimi-k2.5");
    expect(refused?.status).toBe(503);
    expect(refused?.code).toBe("provider_unavailable");
    expect(refused?.message).toContain(
      `models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4)`,
    );

    // Asked by its alias, the same 503 (it said `model "Kimi K2.5" is not configured`, a 404).
    const byAlias = await refusal(client, "Kimi K2.5");
    expect(byAlias?.status).toBe(503);
    expect(byAlias?.message).toContain(
      `"Kimi K2.5" (moonshot/kimi-k2.5) cannot be served: models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4)`,
    );

    // The start-up report names the disabled provider and why, on one problem line.
    await eventually(() => gateway.stderr().includes("provider moonshot is disabled"));
    const line = gateway
      .stderr()
      .split("\n")
      .find((text) => text.includes("provider moonshot is disabled"));
    expect(line).toBe(
      `problem: models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4): provider moonshot is disabled, the others serve`,
    );
  });

  it("its 503 says x-should-retry: false, so the OpenAI and Anthropic SDKs send it once, not three times", async () => {
    const { env } = setUp(BAD_URL);
    const gateway = await startGatewayProcess(env);
    const raw = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(raw.status).toBe(503);
    expect(raw.headers.get("x-should-retry")).toBe("false");

    // The SDKs' own defaults: each retries a 503 twice unless told not to.
    const openai = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1` });
    expect((await refusal(openai, "moonshot/kimi-k2.5"))?.status).toBe(503);
    const anthropic = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url });
    const refused = await anthropic.messages
      .create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 16,
        messages: [{ role: "user", content: "hi" }],
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(Anthropic.APIError);
    expect((refused as InstanceType<typeof Anthropic.APIError>).status).toBe(503);

    const metrics = await (
      await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    // One by fetch and one by the OpenAI SDK; one by the Anthropic SDK.
    expect(metrics).toContain(
      'openclaw_gateway_requests_total{route="chat_completions",status="503"} 2\n',
    );
    expect(metrics).toContain('openclaw_gateway_requests_total{route="messages",status="503"} 1\n');
  });

  it("breaking it on reload keeps the others serving the new config; fixing it brings it back", async () => {
    const { configPath, env } = setUp(sim.moonshotBaseUrl);
    const gateway = await startGatewayProcess(env);
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    expect((await ask(client, "moonshot/kimi-k2.5")).length).toBeGreaterThan(0);

    // Break moonshot and, in the same save, give kimi-code's model an alias: the new config applies.
    const broken = configText(BAD_URL).replace(
      "model: { primary: 'kimi-code/kimi-for-coding' } }",
      "model: { primary: 'kimi-code/kimi-for-coding' }, models: { 'kimi-code/kimi-for-coding': { alias: 'Coder' }, 'moonshot/kimi-k2.5': {} } }",
    );
    expect(broken).toContain("alias: 'Coder'");
    writeFileSync(configPath, broken);
    const servesAlias = async () => {
      try {
        return (await ask(client, "Coder")).length > 0;
      } catch {
        return false;
      }
    };
    await eventually(servesAlias, 10_000, "the reload of the config that breaks moonshot");
    expect(gateway.stderr()).toContain("config reloaded from");
    expect(gateway.stderr()).not.toContain("config reload failed");
    expect(gateway.stderr()).toContain(
      `gateway: models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4): provider moonshot is disabled, the others serve`,
    );
    expect((await ask(client, "kimi-code/kimi-for-coding")).length).toBeGreaterThan(0);
    expect((await refusal(client, "moonshot/kimi-k2.5"))?.status).toBe(503);

    writeFileSync(configPath, configText(sim.moonshotBaseUrl));
    await eventually(
      () =>
        gateway
          .stderr()
          .includes("gateway: provider moonshot's config is fixed: its models are served again"),
      10_000,
      "the reload of the fixed config",
    );
    expect((await ask(client, "moonshot/kimi-k2.5")).length).toBeGreaterThan(0);
    expect(readFileSync(configPath, "utf8")).toBe(configText(sim.moonshotBaseUrl));
  });
});
