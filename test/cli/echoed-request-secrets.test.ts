/**
 * Some proxies answer a refused request with what it sent: its headers and its URL, in the error
 * body, which becomes the error a person reads. A credential the config sends besides the API key
 * (a header such as Azure's `api-key`, a proxy's token) is masked there as the key is. A real socket to a tiny upstream that echoes; runs the built CLI (`npm run build`).
 */
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { expectNoSecrets, freshState } from "../onboard/harness.js";

const HEADER_KEY = "azure0123456789abcdef0123456789ab";
const PROXY_TOKEN = "pxy9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4";

let upstream: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  upstream = undefined;
});

/** A proxy that answers 401 with every header the request carried, as some do. */
async function echoingUpstream(): Promise<number> {
  upstream = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const seen = JSON.stringify({ url: req.url, headers: req.headers });
      res.writeHead(401, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { type: "authentication_error", message: `denied ${seen}` } }),
      );
    });
  });
  await new Promise<void>((resolve) => upstream?.listen(0, "127.0.0.1", resolve));
  return (upstream.address() as AddressInfo).port;
}

describe("a provider error that echoes the request", () => {
  it("masks a credential sent in a configured header, written in the config or as ${VAR}", async () => {
    const port = await echoingUpstream();
    const state = freshState({ PROXY_TOKEN });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        models: {
          providers: {
            proxy: customProvider([{ id: "m1", name: "m1" }], {
              baseUrl: `http://127.0.0.1:${port}/v1`,
              authHeader: false,
              headers: { "api-key": HEADER_KEY, "x-proxy-auth": "${PROXY_TOKEN}" },
            }),
          },
        },
      }),
    );
    const result = await state.run(["agent", "-m", "hi", "--model", "proxy/m1", "--json"]);
    expect(result.code).toBe(1);
    const failure = JSON.parse(result.stdout) as { error: { message: string } };
    // The echo is still there to read, with each credential as its masked form.
    expect(failure.error.message).toContain('"api-key":"…89ab"');
    expect(failure.error.message).toContain('"x-proxy-auth":"…e5d4"');
    expectNoSecrets(result, HEADER_KEY, PROXY_TOKEN);
  });
});

describe("a base URL with a credential in its query string", () => {
  it("is shown by models status with that parameter's value masked, the rest as written", async () => {
    const state = freshState();
    const queryKey = "AIzaSyD4f8s9d8f7s6d5f4s3d2f1a0b";
    writeFileSync(
      state.configPath,
      JSON.stringify({
        models: {
          providers: {
            proxy: customProvider([{ id: "m1", name: "m1" }], {
              baseUrl: `https://proxy.example/v1?region=eu&api_key=${queryKey}`,
              apiKey: "sk-proxykey00000000000001",
            }),
          },
        },
      }),
    );
    const text = await state.run(["models", "status"]);
    expect(text.stdout).toContain("proxy (https://proxy.example/v1?region=eu&api_key=***)");
    const json = await state.run(["models", "status", "--json"]);
    expect(json.stdout).toContain('"baseUrl": "https://proxy.example/v1?region=eu&api_key=***"');
    expectNoSecrets(text, queryKey);
    expectNoSecrets(json, queryKey);
  });
});

describe("models scan and models status --probe against an endpoint that echoes the request", () => {
  it("shows the base URL and the echo with its password, query key and credential headers masked", async () => {
    const port = await echoingUpstream();
    const state = freshState({ PROXY_TOKEN });
    const password = "hunter2hunter2";
    const queryKey = "AIzaSyD4f8s9d8f7s6d5f4s3d2f1a0b";
    writeFileSync(
      state.configPath,
      JSON.stringify({
        models: {
          providers: {
            proxy: customProvider([{ id: "m1", name: "m1" }], {
              baseUrl: `http://gw:${password}@127.0.0.1:${port}/v1?key=${queryKey}`,
              apiKey: "sk-proxykey00000000000001",
              headers: { "api-key": HEADER_KEY, "x-proxy-auth": "${PROXY_TOKEN}" },
            }),
          },
        },
      }),
    );
    const commands = [
      ["models", "scan", "--provider", "proxy"],
      ["models", "scan", "--provider", "proxy", "--json"],
      ["models", "status", "--probe"],
      ["models", "status", "--probe", "--json"],
    ];
    for (const args of commands) {
      const result = await state.run(args);
      const shown = result.stdout + result.stderr;
      // The endpoint is still named, with what it answered.
      expect(shown, args.join(" ")).toContain(`gw:***@127.0.0.1:${port}/v1?key=***`);
      expect(shown, args.join(" ")).toContain("401");
      expectNoSecrets(result, password, queryKey, HEADER_KEY, PROXY_TOKEN);
    }
    // Where the endpoint's own words are shown (scan), the echoed headers are still there, masked.
    const scan = await state.run(["models", "scan", "--provider", "proxy"]);
    expect(scan.stdout + scan.stderr).toContain('"api-key":"…89ab"');
  });
});
