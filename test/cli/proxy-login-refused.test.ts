/**
 * A proxy that answers 407 to everything, over real sockets: for a forwarded http request and for
 * CONNECT. The 407 is not retried (the proxy answers the same until its login changes), the
 * message names the proxy with its password masked, and the hint depends on whether the proxy URL
 * carried a login. Same in `agent`, `doctor --probe`, `models status --probe` and the gateway's
 * answer to its client. Runs the built CLI (`npm run build`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { onboardCustom } from "../helpers/custom-provider.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { freshState, MOONSHOT_KEY, ONBOARD_MOONSHOT, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const PASSWORD = "secretpw7";

interface RefusingProxy {
  port: number;
  /** Requests it was sent: "CONNECT host:port" or "POST http://…". */
  visits: string[];
  close(): Promise<void>;
}

/** A proxy that wants a login it never accepts: every request and every CONNECT gets a 407. */
async function startRefusingProxy(): Promise<RefusingProxy> {
  const visits: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    visits.push(`${req.method} ${req.url}`);
    res.writeHead(407, { "proxy-authenticate": 'Basic realm="corp"', "content-length": 0 });
    res.end();
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (req, client: Socket) => {
    visits.push(`CONNECT ${req.url}`);
    client.on("error", () => {});
    client.end(
      'HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm="corp"\r\ncontent-length: 0\r\n\r\n',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    visits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let sim: Simulator;
let proxy: RefusingProxy;
beforeAll(async () => {
  sim = await startSimulator();
  proxy = await startRefusingProxy();
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});
afterEach(() => killGatewayProcesses());

/** A state dir whose moonshot provider is the simulator under a name that is not loopback. */
function stateFor(scheme: "http" | "https"): StateDir {
  const state = freshState();
  const config = {
    models: {
      providers: {
        moonshot: {
          baseUrl: `${scheme}://sim.example:${sim.port}/v1`,
          apiKey: MOONSHOT_KEY,
          api: "openai-completions",
          models: [{ id: "kimi-k2.5", name: "Kimi K2.5", contextWindow: 256000, maxTokens: 8192 }],
        },
      },
    },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  };
  writeFileSync(state.configPath, JSON.stringify(config), { mode: 0o600 });
  return state;
}

const withLogin = () => `http://user:${PASSWORD}@127.0.0.1:${proxy.port}`;
const withoutLogin = () => `http://127.0.0.1:${proxy.port}`;

const REFUSED_HINT = (variable: string) =>
  `the proxy at 127.0.0.1:${proxy.port} did not accept the user name "user" and the password in ${variable}: check both with whoever runs the proxy (and that @ : / % in them are written %40 %3A %2F %25)`;
const WANTED_HINT = (variable: string) =>
  `put the proxy's login in ${variable}, as user:password@ in front of 127.0.0.1:${proxy.port} (write @ : / % in the user name or password as %40 %3A %2F %25)`;

interface AgentError {
  code: string;
  message: string;
  hint: string;
  class: string;
  status?: number;
}

describe("a proxy that answers 407", () => {
  it("agent: a forwarded http request is refused once, not retried; the login is named with its password masked", async () => {
    const state = stateFor("http");
    const before = proxy.visits.length;
    const result = await state.run(["agent", "-m", "hi", "--json"], { HTTP_PROXY: withLogin() });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    const { error, failedAttempts } = JSON.parse(result.stdout) as {
      error: AgentError;
      failedAttempts: unknown[];
    };
    expect(error).toMatchObject({
      code: "provider.proxy_auth",
      class: "proxy_auth",
      status: 407,
      message: `moonshot (sim.example:${sim.port}) could not be reached through a proxy for model kimi-k2.5: the proxy http://user:***@127.0.0.1:${proxy.port} (HTTP_PROXY) refused the login in its URL (HTTP 407 Proxy Authentication Required)`,
      hint: REFUSED_HINT("HTTP_PROXY"),
    });
    // One request: a 407 does not change by asking again (it was tried three times).
    expect(failedAttempts).toHaveLength(1);
    expect(proxy.visits.slice(before)).toEqual([
      `POST http://sim.example:${sim.port}/v1/chat/completions`,
    ]);
  });

  it("agent: a refused tunnel without a login in the proxy URL says to put one there", async () => {
    const state = stateFor("https");
    const before = proxy.visits.length;
    const result = await state.run(["agent", "-m", "hi"], { HTTPS_PROXY: withoutLogin() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: moonshot (sim.example:${sim.port}) could not be reached through a proxy for model kimi-k2.5: the proxy http://127.0.0.1:${proxy.port} (HTTPS_PROXY) asks for a login (HTTP 407 Proxy Authentication Required)`,
    );
    expect(result.stderr).toContain(`hint: ${WANTED_HINT("HTTPS_PROXY")}`);
    expect(result.stderr).not.toContain("retrying");
    expect(proxy.visits.slice(before)).toEqual([`CONNECT sim.example:${sim.port}`]);
  });

  it("agent: a refused tunnel with a login says the proxy refused it", async () => {
    const state = stateFor("https");
    const result = await state.run(["agent", "-m", "hi", "--json"], { HTTPS_PROXY: withLogin() });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    const { error } = JSON.parse(result.stdout) as { error: AgentError };
    expect(error.class).toBe("proxy_auth");
    expect(error.message).toContain(
      `the proxy http://user:***@127.0.0.1:${proxy.port} (HTTPS_PROXY) refused the login in its URL`,
    );
    expect(error.hint).toBe(REFUSED_HINT("HTTPS_PROXY"));
  });

  it("agent: a token written as the proxy URL's user name (no password) is not shown, in the message or the hint", async () => {
    // Proxies that take a token alone read it as the user name: http://TOKEN@host:port.
    const token = "f3a9c2e1b7d64e0a9c1b2d3e4f5a6b7c";
    const state = stateFor("https");
    const result = await state.run(["agent", "-m", "hi", "--json"], {
      HTTPS_PROXY: `http://${token}@127.0.0.1:${proxy.port}`,
    });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(token);
    const { error } = JSON.parse(result.stdout) as { error: AgentError };
    expect(error.class).toBe("proxy_auth");
    expect(error.message).toContain(
      `the proxy http://***@127.0.0.1:${proxy.port} (HTTPS_PROXY) refused the login in its URL`,
    );
    expect(error.hint).toBe(
      `the proxy at 127.0.0.1:${proxy.port} did not accept the login in HTTPS_PROXY (not shown): check it with whoever runs the proxy (and that @ : / % in it are written %40 %3A %2F %25)`,
    );
  });

  it("agent: a user name shaped like a key is not shown either, though a password follows it", async () => {
    const user = "sk-proxyuser9f8e7d6c5b4a";
    const state = stateFor("http");
    const result = await state.run(["agent", "-m", "hi"], {
      HTTP_PROXY: `http://${user}:${PASSWORD}@127.0.0.1:${proxy.port}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain(user);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).toContain(
      `the proxy http://***:***@127.0.0.1:${proxy.port} (HTTP_PROXY) refused the login in its URL`,
    );
  });

  it("agent: a fallback model that is reached another way (loopback, directly) answers", async () => {
    const state = stateFor("http");
    const config = JSON.parse(readFileSync(state.configPath, "utf8"));
    config.models.providers.local = {
      ...config.models.providers.moonshot,
      baseUrl: `http://127.0.0.1:${sim.port}/v1`,
    };
    config.agents.defaults.model.fallbacks = ["local/kimi-k2.5"];
    writeFileSync(state.configPath, JSON.stringify(config), { mode: 0o600 });
    const result = await state.run(["agent", "-m", "hi", "--json"], { HTTP_PROXY: withLogin() });
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as {
      model: string;
      failedAttempts: { model: string; errorClass: string }[];
    };
    expect(answer.model).toBe("local/kimi-k2.5");
    expect(answer.failedAttempts).toEqual([
      expect.objectContaining({ model: "moonshot/kimi-k2.5", errorClass: "proxy_auth" }),
    ]);
  });

  it("doctor --probe and models status --probe name the proxy's refusal and its hint", async () => {
    const state = stateFor("http");
    const env = { HTTP_PROXY: withLogin() };
    const doctor = await state.run(["doctor", "--probe"], env);
    // A failure, not the warning of an endpoint that may answer later: nothing gets through
    // that proxy until its login is fixed.
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(
      `✗ probe    moonshot: could not reach http://sim.example:${sim.port}/v1 to check the key: the proxy http://user:***@127.0.0.1:${proxy.port} (HTTP_PROXY) refused the login in its URL (HTTP 407 Proxy Authentication Required)`,
    );
    expect(doctor.stdout).toContain(`hint: ${REFUSED_HINT("HTTP_PROXY")}`);
    const status = await state.run(["models", "status", "--probe", "--json"], {
      HTTP_PROXY: withoutLogin(),
    });
    const { probes } = JSON.parse(status.stdout) as {
      probes: { provider: string; result: { status: string; message: string; hint: string } }[];
    };
    expect(probes[0]?.result).toMatchObject({
      status: "proxy_auth",
      message: `could not reach http://sim.example:${sim.port}/v1 to check the key: the proxy http://127.0.0.1:${proxy.port} (HTTP_PROXY) asks for a login (HTTP 407 Proxy Authentication Required)`,
      hint: WANTED_HINT("HTTP_PROXY"),
    });
    const check = await state.run(["models", "status", "--probe", "--check"], env);
    expect(check.code).toBe(1);
    // Said once, as the error with its hint; the probe's line points to it.
    expect(check.stdout).toContain(
      "✗ probe: failed: the error: line on stderr says why and what to do",
    );
    expect(check.stdout).not.toContain("refused the login");
    expect(check.stderr).toContain(
      `error: requests to moonshot (the default model's provider) cannot get through the proxy: could not reach http://sim.example:${sim.port}/v1 to check the key: the proxy http://user:***@127.0.0.1:${proxy.port} (HTTP_PROXY) refused the login in its URL`,
    );
    expect(check.stderr).toContain(`hint: ${REFUSED_HINT("HTTP_PROXY")}`);
    for (const result of [doctor, status, check]) {
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    }
  });

  it("onboarding still saves a key it could not check through the proxy, warning of the proxy's refusal", async () => {
    const state = freshState();
    const result = await state.run([...ONBOARD_MOONSHOT, "--json"], {
      HTTPS_PROXY: withLogin(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    const summary = JSON.parse(result.stdout) as {
      written: boolean;
      warnings: string[];
      check: { status: string; message: string; hint: string };
    };
    expect(summary.written).toBe(true);
    // Not "unreachable": the proxy answered, and refused the login in its URL.
    expect(summary.check).toMatchObject({
      status: "proxy_auth",
      message: `could not reach Moonshot international (api.moonshot.ai) to check the key: the proxy http://user:***@127.0.0.1:${proxy.port} (HTTPS_PROXY) refused the login in its URL (HTTP 407 Proxy Authentication Required)`,
      hint: REFUSED_HINT("HTTPS_PROXY"),
    });
    expect(summary.warnings).toEqual([`${summary.check.message} (${REFUSED_HINT("HTTPS_PROXY")})`]);
  });

  it("onboarding a custom endpoint without a key names the proxy's refusal too, not 'check the network'", async () => {
    const state = freshState();
    const result = await state.run(onboardCustom("http://llm.example:8080/v1", "m1", "--json"), {
      HTTP_PROXY: withLogin(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    const summary = JSON.parse(result.stdout) as {
      written: boolean;
      check: { status: string; message: string; hint: string };
    };
    expect(summary.written).toBe(true);
    expect(summary.check).toMatchObject({
      status: "proxy_auth",
      message: `could not reach custom (http://llm.example:8080/v1) to check that it answers without a key: the proxy http://user:***@127.0.0.1:${proxy.port} (HTTP_PROXY) refused the login in its URL (HTTP 407 Proxy Authentication Required)`,
      hint: REFUSED_HINT("HTTP_PROXY"),
    });
  });

  it("the gateway answers its client 502 proxy_auth, not to be retried, without the proxy's password", async () => {
    const state = stateFor("http");
    const token = "gw-token-proxy-login-0001";
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH ?? "",
      ...state.env,
      OPENCLAW_GATEWAY_TOKEN: token,
      HTTP_PROXY: withLogin(),
    });
    const before = proxy.visits.filter((visit) => visit.endsWith("/chat/completions")).length;
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    const text = await response.text();
    expect(response.status).toBe(502);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(text).not.toContain(PASSWORD);
    const { error } = JSON.parse(text) as { error: { message: string; code: string } };
    expect(error.code).toBe("proxy_auth");
    expect(error.message).toContain(
      `the proxy http://user:***@127.0.0.1:${proxy.port} (HTTP_PROXY) refused the login in its URL`,
    );
    expect(error.message).toContain(REFUSED_HINT("HTTP_PROXY"));
    expect(proxy.visits.filter((visit) => visit.endsWith("/chat/completions")).length).toBe(
      before + 1,
    );
    expect(gateway.stdout() + gateway.stderr()).not.toContain(PASSWORD);
  });
});
