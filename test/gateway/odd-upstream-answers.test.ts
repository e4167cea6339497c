/**
 * The gateway's answer when something other than the API answers at a provider's base URL: a
 * captive portal's sign-in page (the network to sign in to: said on every request, never hidden
 * behind a cooldown of the provider, and a fallback still answers), Caddy's empty 200 and AWS API
 * Gateway's 403 "Missing Authentication Token" (no API at the base URL, not a refused key). Each
 * as an OpenAI-format 502. Real gateway, simulator, a real HTTP server on 127.0.0.1, the official
 * client.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useOddAnswersUpstream } from "../helpers/odd-answers-upstream.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

const upstream = useOddAnswersUpstream();
/** The chat requests the portal's page answered. */
const portalChats = () => upstream.chats("portal");

function providers() {
  const provider = (kind: string) => ({
    baseUrl: `${upstream.origin}/${kind}/v1`,
    apiKey: "sk-test-odd-0001",
    api: "openai-completions",
    models: [{ id: "m", name: "M" }],
  });
  return {
    wifi: provider("portal"),
    caddy: provider("caddy"),
    awsgw: provider("api-gateway"),
  };
}

async function refusal(
  env: GatewayEnv,
  model: string,
): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await env.client().chat.completions.create({
      model,
      messages: [{ role: "user", content: "hello" }],
    });
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error(`${model} answered`);
}

describe("with no fallback", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ primary: "wifi/m", fallbacks: [], extraProviders: providers() });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("a captive portal's page: a 502 naming the page, on every request, never 'skipped'", async () => {
    for (let i = 0; i < 2; i++) {
      const error = await refusal(env, "wifi/m");
      expect(error.status).toBe(502);
      expect(error.type).toBe("upstream_error");
      expect(error.message).toContain(
        `wifi (${new URL(upstream.origin).host}) got a web page from the network in place of its API (asked for model m): 200 an HTML page ("Guest Wi-Fi Login")`,
      );
      expect(error.message).toContain("most likely a captive portal");
      expect(error.message).not.toMatch(/skipped|cooling|no API answered/);
    }
  });

  it("a captive portal's page is class network_login, not proxy_auth: in the answer, /metrics and the ledger; asked once", async () => {
    const before = portalChats();
    const error = await refusal(env, "wifi/m");
    // One request upstream: the page answers the same until someone signs in to the network.
    expect(portalChats() - before).toBe(1);
    expect(error.code).toBe("network_login");
    expect(error.headers?.get("x-should-retry")).toBe("false");

    const metrics = await (
      await fetch(`${env.gateway.url}/metrics`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      })
    ).text();
    const classes = metrics
      .split("\n")
      .filter((line) => line.startsWith("openclaw_gateway_errors_total{"));
    expect(classes.join("\n")).toContain('class="upstream.network_login"');
    expect(classes.join("\n")).not.toContain("proxy_auth");

    const rows = await ledgerQuery<{ outcome: string; error_class: string }>(
      env,
      "SELECT outcome, error_class FROM requests WHERE model_requested = ?",
      "wifi/m",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(row).toEqual({ outcome: "error", error_class: "upstream.network_login" });
  });

  it.each([
    [
      "caddy/m",
      "200 an empty body, as a web server answers a path it has no route at (Caddy does)",
    ],
    [
      "awsgw/m",
      "403 Missing Authentication Token (AWS API Gateway's answer for a path it has no route at, not a refusal of the key)",
    ],
  ])("%s: a 502 saying no API is at the base URL", async (model, said) => {
    const error = await refusal(env, model);
    expect(error.status).toBe(502);
    expect(error.code).toBe("upstream_no_api");
    expect(error.message).toContain(`has no API at its base URL (asked for model m): ${said}`);
    expect(error.message).toContain(`models.providers.${model.split("/")[0]}.baseUrl`);
    expect(error.message).not.toMatch(/rejected the API key|User-Agent/);
  });
});

describe("with a fallback on another provider", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      primary: "wifi/m",
      fallbacks: ["kimi-code/kimi-for-coding"],
      extraProviders: providers(),
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("a captive portal's page: the fallback answers, and the page is asked again next time (nothing benched)", async () => {
    for (let i = 0; i < 2; i++) {
      const before = portalChats();
      const answer = await env.client().chat.completions.create({
        model: "openclaw",
        messages: [{ role: "user", content: "hello" }],
      });
      expect(answer.model).toBe("kimi-code/kimi-for-coding");
      // Once each time: not retried, and not skipped as cooling after the first.
      expect(portalChats() - before).toBe(1);
    }
  });
});
