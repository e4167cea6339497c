/**
 * What the gateway counts and logs for an upstream 404 that names no model as unknown: a base URL
 * without /v1 (the simulator's host answers `url.not_found` there) is counted under
 * openclaw_gateway_upstream_no_api_total, not as an id the provider retired; a 404 with an empty
 * body (a local server that answers so for every path) is logged as what it is, with the base URL
 * to check first. Real gateway, simulator, a real HTTP server on 127.0.0.1, the official client.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { parseExposition } from "../helpers/prometheus-text.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("upstream answers that name no model as unknown", () => {
  let env: GatewayEnv;
  let bare: Server;
  let bareUrl: string;
  const logged: string[] = [];
  beforeAll(async () => {
    // Answers every request with a 404 and nothing in it.
    bare = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(404, { "content-length": "0" });
        res.end();
      });
    });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1`;
    env = await startGatewayEnv({
      fallbacks: ["kimi-code/kimi-for-coding"],
      start: { log: (line: string) => logged.push(line) },
      extraProviders: {
        bare: customProvider([{ id: "m", name: "Bare M" }], {
          baseUrl: bareUrl,
          apiKey: "sk-test-bare-0001",
        }),
      },
      editConfig: (config) => {
        const providers = (config.models as { providers: Record<string, { baseUrl: string }> })
          .providers;
        const moonshot = providers.moonshot;
        if (!moonshot) throw new Error("the harness config names moonshot");
        moonshot.baseUrl = moonshot.baseUrl.replace(/\/v1$/, "");
      },
    });
  });
  afterAll(async () => {
    await env?.close();
    await new Promise((resolve) => bare?.close(resolve));
  });

  const metrics = async () => {
    const response = await fetch(`${env.gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    const { families, problems } = parseExposition(await response.text());
    expect(problems).toEqual([]);
    return families;
  };
  const series = (families: Awaited<ReturnType<typeof metrics>>, name: string) =>
    (families.get(name)?.samples ?? []).map((sample) => ({
      ...sample.labels,
      value: sample.value,
    }));

  it("counts no API at a base URL apart from an id the provider does not serve", async () => {
    // The default chain: moonshot/kimi-k2.5 (no API at its base URL), then its fallback.
    const fellBack = await env.client().chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(fellBack.model).toBe("kimi-code/kimi-for-coding");
    // The model asked by name: its own error, the run's last attempt.
    const refused = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hello" }],
      })
      .then(
        () => undefined,
        (error: { status?: number; code?: string }) => error,
      );
    expect([refused?.status, refused?.code]).toEqual([502, "upstream_no_api"]);
    // A 404 that may be the model's (its body names nothing): counted as not found, as before.
    const notFound = await env
      .client()
      .chat.completions.create({ model: "bare/m", messages: [{ role: "user", content: "hello" }] })
      .then(
        () => undefined,
        (error: { status?: number; code?: string }) => error,
      );
    expect([notFound?.status, notFound?.code]).toEqual([404, "model_not_found"]);
    const families = await metrics();
    expect(series(families, "openclaw_gateway_upstream_no_api_total")).toEqual([
      { provider: "moonshot", model: "kimi-k2.5", value: 2 },
    ]);
    expect(series(families, "openclaw_gateway_upstream_not_found_total")).toEqual([
      { provider: "bare", model: "m", value: 1 },
    ]);
  });
});

describe("a 404 with an empty body for the primary", () => {
  let env: GatewayEnv;
  let bare: Server;
  let bareUrl: string;
  const logged: string[] = [];
  beforeAll(async () => {
    // Answers every request with a 404 and nothing in it.
    bare = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(404, { "content-length": "0" });
        res.end();
      });
    });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    env = await startGatewayEnv({
      primary: "bare/m",
      fallbacks: ["kimi-code/kimi-for-coding"],
      start: { log: (line: string) => logged.push(line) },
      extraProviders: {
        bare: customProvider([{ id: "m", name: "Bare M" }], {
          baseUrl: bareUrl,
          apiKey: "sk-test-bare-0001",
        }),
      },
    });
  });
  afterAll(async () => {
    await env?.close();
    await new Promise((resolve) => bare?.close(resolve));
  });

  it("is logged as one, with the base URL to check first, not as an id the provider retired", async () => {
    const answer = await env.client().chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(answer.model).toBe("kimi-code/kimi-for-coding");
    const said = logged.join("\n");
    expect(said).toContain(
      "gateway: bare/m: the provider answered 404 with an empty body for it, which does not say whether the model or the base URL is unknown there, so requests fall back to kimi-code/kimi-for-coding; check models.providers.bare.baseUrl (",
    );
    expect(said).toContain(
      `now ${bareUrl} (if its API is elsewhere, most likely at ${bareUrl}/v1)`,
    );
    expect(said).toContain(
      `if it is right, the model id: see what the key may use with: OPENCLAW_STATE_DIR=${env.stateDir} openclaw models scan --provider bare`,
    );
    expect(said).not.toContain("an id it retired");
  });
});

describe("a provider benched for no API at its base URL", () => {
  let env: GatewayEnv;
  let noApi: Server;
  beforeAll(async () => {
    // FastAPI's own 404 for every path: a vLLM base URL without its /v1.
    noApi = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ detail: "Not Found" }));
      });
    });
    await new Promise<void>((resolve) => noApi.listen(0, "127.0.0.1", resolve));
    env = await startGatewayEnv({
      primary: "vllm/a",
      fallbacks: ["vllm/b", "kimi-code/kimi-for-coding"],
      extraProviders: {
        vllm: customProvider(
          [
            { id: "a", name: "A" },
            { id: "b", name: "B" },
          ],
          {
            baseUrl: `http://127.0.0.1:${(noApi.address() as AddressInfo).port}`,
            apiKey: "sk-test-vllm-0001",
          },
        ),
      },
    });
  });
  afterAll(async () => {
    await env?.close();
    await new Promise((resolve) => noApi?.close(resolve));
  });

  it("counts the answers in upstream_no_api_total and the models skipped for it as fallbacks only", async () => {
    for (let i = 0; i < 2; i++) {
      const answer = await env.client().chat.completions.create({
        model: "openclaw",
        messages: [{ role: "user", content: "hello" }],
      });
      expect(answer.model).toBe("kimi-code/kimi-for-coding");
    }
    const response = await fetch(`${env.gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    const text = await response.text();
    const { families, problems } = parseExposition(text);
    expect(problems).toEqual([]);
    const series = (name: string) =>
      (families.get(name)?.samples ?? []).map((sample) => ({
        ...sample.labels,
        value: sample.value,
      }));
    // One answer said so (vllm/a's, the first request); vllm/b was never asked, and the second
    // request skipped both.
    expect(series("openclaw_gateway_upstream_no_api_total")).toEqual([
      { provider: "vllm", model: "a", value: 1 },
    ]);
    expect(series("openclaw_gateway_upstream_fallbacks_total")).toEqual(
      expect.arrayContaining([
        { from: "vllm/a", to: "vllm/b", value: 2 },
        { from: "vllm/b", to: "kimi-code/kimi-for-coding", value: 2 },
      ]),
    );
    expect(text).toContain(
      "# HELP openclaw_gateway_upstream_no_api_total Upstream answers saying no API is at the provider's base URL",
    );
    expect(text).toMatch(
      /# HELP openclaw_gateway_upstream_no_api_total [^\n]*skipped[^\n]*fallbacks_total/,
    );
  });
});

describe("LM Studio's 200 for a base URL without /v1", () => {
  let env: GatewayEnv;
  let lmStudio: Server;
  beforeAll(async () => {
    lmStudio = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        res.end(
          JSON.stringify({ error: `Unexpected endpoint or method. (${req.method} ${req.url})` }),
        );
      });
    });
    await new Promise<void>((resolve) => lmStudio.listen(0, "127.0.0.1", resolve));
    env = await startGatewayEnv({
      primary: "lmstudio/m",
      fallbacks: ["kimi-code/kimi-for-coding"],
      extraProviders: {
        lmstudio: customProvider([{ id: "m", name: "M" }], {
          baseUrl: `http://127.0.0.1:${(lmStudio.address() as AddressInfo).port}`,
          apiKey: "sk-test-lmstudio-0001",
        }),
      },
    });
  });
  afterAll(async () => {
    await env?.close();
    await new Promise((resolve) => lmStudio?.close(resolve));
  });

  it("falls back on a stream, is told as no API by name, and is counted as such", async () => {
    const stream = await env.client().chat.completions.create({
      model: "openclaw",
      stream: true,
      messages: [{ role: "user", content: "hello" }],
    });
    let text = "";
    let model = "";
    for await (const chunk of stream) {
      model = chunk.model;
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    expect(model).toBe("kimi-code/kimi-for-coding");
    expect(text).not.toBe("");
    const refused = await env
      .client()
      .chat.completions.create({
        model: "lmstudio/m",
        messages: [{ role: "user", content: "hello" }],
      })
      .then(
        () => undefined,
        (error: { status?: number; code?: string; message?: string }) => error,
      );
    expect([refused?.status, refused?.code]).toEqual([502, "upstream_no_api"]);
    expect(refused?.message).toContain("Unexpected endpoint or method. (POST /chat/completions)");
    const response = await fetch(`${env.gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    const exposition = await response.text();
    const { families } = parseExposition(exposition);
    // The help says which answers are counted: a 200 among them, not only a 404 or 405.
    expect(exposition).toMatch(
      /# HELP openclaw_gateway_upstream_no_api_total [^\n]*LM Studio's 200/,
    );
    expect(exposition).not.toContain("a server's own 404 or 405 for the chat path");
    expect(
      (families.get("openclaw_gateway_upstream_no_api_total")?.samples ?? []).map((sample) => ({
        ...sample.labels,
        value: sample.value,
      })),
    ).toEqual([{ provider: "lmstudio", model: "m", value: 2 }]);
  });
});
