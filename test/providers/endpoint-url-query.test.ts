/**
 * A provider base URL with a query string (`?api-version=…` for Azure, `?api_key=…` for some
 * proxies): every endpoint the project calls joins its path onto the base URL's path and keeps
 * the query, where gluing strings sent `/v1?api-version=1/chat/completions`. A real socket to an
 * upstream that records what arrives; the library API as a program calls it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  buildCatalog,
  countTokensRemote,
  loadConfigObject,
  type OpenClawConfig,
  openRuntime,
  probeCredit,
  probeModels,
  resolveModel,
} from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

const QUERY_KEY = "qk7Hd92LmQpX4vRt8sNc3ZbY6wEa1Fg0";
const API_KEY = "sk-endpointquery000000000000001";

let upstream: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  upstream = undefined;
});

/** An upstream that refuses everything with 400 naming the URL asked, and keeps each method and URL. */
async function recordingUpstream(): Promise<{ port: number; seen: string[]; auth: string[] }> {
  const seen: string[] = [];
  const auth: string[] = [];
  upstream = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push(`${req.method} ${req.url}`);
      auth.push(req.headers.authorization ?? "(none)");
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: { type: "invalid_request_error", message: `bad request to ${req.url}` },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => upstream?.listen(0, "127.0.0.1", resolve));
  return { port: (upstream.address() as AddressInfo).port, seen, auth };
}

/** `keyless`: the provider sends no key (`authHeader: false`). */
function configFor(baseUrl: string, keyless = false): OpenClawConfig {
  return {
    models: {
      providers: {
        proxy: {
          baseUrl,
          api: "openai-completions",
          ...(keyless ? { authHeader: false } : { apiKey: API_KEY }),
          models: [{ id: "m1", name: "m1" }],
        },
      },
    },
    agents: { defaults: { model: { primary: "proxy/m1" } } },
  };
}

describe("a base URL with a query string", () => {
  it("sends chat completions, models, balance, usages and token count to <path>/<endpoint>?<query>", async () => {
    const { port, seen } = await recordingUpstream();
    // A trailing slash before the query is not doubled either.
    const baseUrl = `http://127.0.0.1:${port}/v1/?api-version=2024-10-21&api_key=${QUERY_KEY}`;
    const query = `?api-version=2024-10-21&api_key=${QUERY_KEY}`;
    const config = configFor(baseUrl);
    const { runtime } = openRuntime({ config, env: { OPENCLAW_STATE_DIR: tempDir() } });
    const chat = runtime.complete({ request: { messages: [{ role: "user", content: "hi" }] } });
    // The upstream's echo of the URL is in the error with the key in its query masked.
    const chatError = await chat.then(
      () => "answered",
      (error: Error) => error.message,
    );
    expect(chatError).toContain("bad request to /v1/chat/completions?api-version=2024-10-21");
    expect(chatError).not.toContain(QUERY_KEY);
    const endpoint = { label: "proxy", baseUrl };
    await probeModels(endpoint, API_KEY);
    await probeCredit(endpoint, "moonshot-ai", API_KEY);
    await probeCredit(endpoint, "kimi-code", API_KEY);
    const model = resolveModel(buildCatalog(loadConfigObject(config, { env: {} })), "proxy/m1");
    const counted = countTokensRemote(
      model,
      { messages: [{ role: "user", content: "hi" }] },
      API_KEY,
    );
    await expect(counted).rejects.toThrow();
    expect(seen).toEqual([
      `POST /v1/chat/completions${query}`,
      `GET /v1/models${query}`,
      `GET /v1/users/me/balance${query}`,
      `GET /v1/usages${query}`,
      `POST /v1/tokenizers/estimate-token-count${query}`,
    ]);
    // The token count's error names the URL it asked, with the key in its query masked.
    const message = await counted.catch((error: Error) => error.message);
    expect(message).toContain(
      `/v1/tokenizers/estimate-token-count?api-version=2024-10-21&api_key=`,
    );
    expect(message).not.toContain(QUERY_KEY);
  });
});

describe("a base URL with a login (https://user:password@host/v1)", () => {
  const PASSWORD = "pw-9Xq2Lr7Tz4Mn";

  async function callEveryEndpoint(baseUrl: string, apiKey: string | undefined): Promise<string[]> {
    const config = configFor(baseUrl, apiKey === undefined);
    const { runtime } = openRuntime({ config, env: { OPENCLAW_STATE_DIR: tempDir() } });
    const chat = await runtime
      .complete({ request: { messages: [{ role: "user", content: "hi" }] } })
      .then(
        () => "answered",
        (error: Error) => error.message,
      );
    const endpoint = { label: "proxy", baseUrl };
    await probeModels(endpoint, apiKey);
    const model = resolveModel(buildCatalog(loadConfigObject(config, { env: {} })), "proxy/m1");
    const counted = await countTokensRemote(
      model,
      { messages: [{ role: "user", content: "hi" }] },
      apiKey,
    ).then(
      () => "counted",
      (error: Error) => error.message,
    );
    return [chat, counted];
  }

  it("sends it as Authorization: Basic, as curl does, when no key is sent; never in the URL or an error", async () => {
    const { port, seen, auth } = await recordingUpstream();
    const baseUrl = `http://us%40er:${PASSWORD}@127.0.0.1:${port}/v1`;
    const errors = await callEveryEndpoint(baseUrl, undefined);
    const basic = `Basic ${Buffer.from(`us@er:${PASSWORD}`).toString("base64")}`;
    expect(auth).toEqual([basic, basic, basic]);
    expect(seen).toEqual([
      "POST /v1/chat/completions",
      "GET /v1/models",
      "POST /v1/tokenizers/estimate-token-count",
    ]);
    for (const message of errors) {
      expect(message).not.toContain(PASSWORD);
      expect(message).not.toContain(basic.slice("Basic ".length));
    }
  });

  it("sends the API key's Bearer instead when there is a key (the login is not sent with it)", async () => {
    const { port, auth } = await recordingUpstream();
    await callEveryEndpoint(`http://user:${PASSWORD}@127.0.0.1:${port}/v1`, API_KEY);
    expect(auth).toEqual([`Bearer ${API_KEY}`, `Bearer ${API_KEY}`, `Bearer ${API_KEY}`]);
  });
});
