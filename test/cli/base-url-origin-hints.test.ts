/**
 * A provider that cannot be reached: the hint names where its base URL came from. Written in the
 * config: the key and its file:line. Given by a variable the config's value names: that variable
 * and the host it holds. Built in (no config writes it, or no config at all): that it is the
 * provider's own address, which no config sets, so the network or a proxy on it is what to check,
 * and only then the key that points it elsewhere; never "check models.providers.moonshot.baseUrl"
 * as if the file had it. The built-in address is reached through a TLS-inspecting proxy on
 * loopback (HTTPS_PROXY): nothing leaves this machine.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { type AddressInfo, connect } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { moonshotStateAt } from "../helpers/moonshot-at.js";
import { closedPort } from "../helpers/net.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "tls");
const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

afterEach(() => {
  killGatewayProcesses();
});

/** What every built-in hint says of api.moonshot.ai, and the key it names last. */
const BUILT_IN_SAID =
  "https://api.moonshot.ai/v1 is moonshot's built-in address, set in no config, so most likely a proxy or firewall on the way inspects TLS: set NODE_EXTRA_CA_CERTS to its CA's PEM file; to send its requests to another address (a mirror or a relay), set models.providers.moonshot.baseUrl";

describe("the built-in address, reached through a proxy that inspects TLS", () => {
  /** Presents a certificate nobody trusts, as a TLS-inspecting firewall does. */
  let inspector: HttpsServer;
  /** HTTPS_PROXY: every CONNECT is tunnelled to the inspector. */
  let proxy: HttpServer;
  let proxyUrl = "";
  beforeAll(async () => {
    inspector = createHttpsServer(
      {
        cert: readFileSync(join(fixtures, "cert.pem")),
        key: readFileSync(join(fixtures, "key.pem")),
      },
      (_request, response) => response.end("{}"),
    );
    await new Promise<void>((resolve) => inspector.listen(0, "127.0.0.1", resolve));
    const inspectorPort = (inspector.address() as AddressInfo).port;
    proxy = createHttpServer();
    proxy.on("connect", (_request, client, head: Buffer) => {
      client.on("error", () => {});
      const upstream = connect({ host: "127.0.0.1", port: inspectorPort }, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    inspector.closeAllConnections();
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => inspector.close(() => resolve()));
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  /** A state dir whose config (when given) sets the default model and writes no baseUrl. */
  function builtInState(config: string | undefined) {
    const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY, HTTPS_PROXY: proxyUrl });
    if (config !== undefined) writeFileSync(state.configPath, config);
    return state;
  }

  it("no config file at all: agent's hint says the address is built in and names the proxy", async () => {
    const state = builtInState(undefined);
    const run = await state.run(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5"]);
    expect(run.code).toBe(1);
    const stderr = unwrapped(run.stderr);
    expect(stderr).toContain(
      `hint: the certificate api.moonshot.ai presented is not trusted: ${BUILT_IN_SAID}`,
    );
    expect(stderr).not.toContain("check the address in models.providers.moonshot.baseUrl");
  });

  it("a config that names moonshot without a baseUrl: still the built-in address, in agent and the gateway's 502", async () => {
    // The provider is in the file (its headers), its baseUrl is not: nothing there to check.
    const state = builtInState(
      [
        "{",
        '  models: { providers: { moonshot: { headers: { "X-Team": "h40" } } } },',
        '  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },',
        "}",
        "",
      ].join("\n"),
    );
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toContain(
      `hint: the certificate api.moonshot.ai presented is not trusted: ${BUILT_IN_SAID}`,
    );

    const gateway = await startGatewayProcess({
      PATH: process.env.PATH ?? "",
      ...state.env,
      OPENCLAW_GATEWAY_TOKEN: "h40-token",
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer h40-token", "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    const body = await response.text();
    expect(response.status).toBe(502);
    expect(body).toContain(BUILT_IN_SAID);
    expect(body).not.toContain("models.providers.moonshot.baseUrl (");
  });

  it("models status --probe: the probe's hint says the address is built in, the network to check", async () => {
    const state = builtInState(
      '{ agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } } }\n',
    );
    const run = await state.run(["models", "status", "--probe", "--json"]);
    const status = JSON.parse(run.stdout) as {
      probes: { provider: string; result: { status: string; hint?: string } }[];
    };
    const probe = status.probes.find((entry) => entry.provider === "moonshot");
    expect(probe?.result.status).toBe("unreachable");
    expect(probe?.result.hint).toBe(
      "the key was not verified; https://api.moonshot.ai/v1 is moonshot's built-in address, set in no config, so check the network and any proxy (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY) between this machine and it; to send its requests to another address (a mirror or a relay), set models.providers.moonshot.baseUrl",
    );
  });
});

describe("a base URL the config takes from a variable", () => {
  it("agent's hint names the variable, the host it holds, and the line that reads it", async () => {
    const state = moonshotStateAt("${MOONSHOT_RELAY_URL}");
    const run = await state.run(["agent", "-m", "hi"], {
      MOONSHOT_RELAY_URL: "https://relay-h40.invalid/v1",
    });
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toContain(
      `hint: relay-h40.invalid could not be looked up in DNS: check the host name in $MOONSHOT_RELAY_URL (host relay-h40.invalid), read by models.providers.moonshot.baseUrl at ${state.configPath}:4, then this machine's network and DNS settings`,
    );
  });

  it("models status --probe names the variable too", async () => {
    const port = await closedPort();
    const state = moonshotStateAt("${MOONSHOT_RELAY_URL}");
    const run = await state.run(["models", "status", "--probe", "--json"], {
      MOONSHOT_RELAY_URL: `http://127.0.0.1:${port}/v1`,
    });
    const status = JSON.parse(run.stdout) as {
      probes: { provider: string; result: { hint?: string } }[];
    };
    expect(status.probes.find((entry) => entry.provider === "moonshot")?.result.hint).toBe(
      `the key was not verified; nothing is listening on 127.0.0.1:${port} (connection refused): start the server there, or fix the base URL ($MOONSHOT_RELAY_URL (host 127.0.0.1:${port}), read by models.providers.moonshot.baseUrl at ${state.configPath}:4)`,
    );
  });
});

describe("a base URL written in the config", () => {
  it("agent's hint names the key and its file:line, as before", async () => {
    const port = await closedPort();
    const state = moonshotStateAt(`http://127.0.0.1:${port}/v1`);
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toContain(
      `hint: nothing is listening on 127.0.0.1:${port} (connection refused): start the server there, or fix models.providers.moonshot.baseUrl (${state.configPath}:4)`,
    );
  });
});
