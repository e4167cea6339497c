/**
 * Http1Pool behind a forward proxy, over real loopback sockets: https upstreams through a CONNECT
 * tunnel (TLS verified end to end, by the upstream's name), http ones as absolute URLs, logins,
 * NO_PROXY, and the messages a person gets when the proxy is down or refuses.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createOpenAICompletionsTransport,
  Http1Pool,
  proxySettingsFromEnv,
} from "../../src/providers/index.js";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import { moonshotModel } from "../helpers/models.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import {
  closedPort,
  collect,
  doneOf,
  failure,
  loopbackLookup,
  send,
  waitFor,
} from "./transport-helpers.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "tls");
const cert = readFileSync(join(fixtures, "cert.pem"));
const key = readFileSync(join(fixtures, "key.pem"));

let upstream: Server;
let upstreamPort = 0;
/** The test certificate is for api.moonshot.ai; the proxy sends every name to 127.0.0.1. */
let origin = "";
const seenByUpstream: string[] = [];

beforeAll(async () => {
  upstream = createServer({ cert, key }, (req, res) => {
    seenByUpstream.push(`${req.method} ${req.url} host=${req.headers.host}`);
    req.resume();
    req.on("end", () => {
      const body = JSON.stringify({
        ok: true,
        proxyLogin: req.headers["proxy-authorization"] ?? null,
      });
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  // Idle connections stay open until the client closes them (the exit test below relies on it).
  upstream.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamPort = (upstream.address() as AddressInfo).port;
  origin = `https://api.moonshot.ai:${upstreamPort}`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

async function withProxy(
  login: string | undefined,
  run: (proxy: ForwardProxy) => Promise<void>,
): Promise<void> {
  const proxy = await startForwardProxy(login ? { login } : {});
  try {
    await run(proxy);
  } finally {
    await proxy.close();
  }
}

describe("https upstream through a CONNECT proxy", () => {
  it("tunnels, verifies the upstream by its own name, and reuses the tunnel", async () => {
    await withProxy(undefined, async (proxy) => {
      seenByUpstream.length = 0;
      const pool = new Http1Pool({
        ca: cert,
        keepAliveTimeout: 10_000,
        proxy: proxySettingsFromEnv({ HTTPS_PROXY: proxy.url }),
      });
      try {
        for (let i = 0; i < 3; i++) {
          const outcome = await send(pool, { origin, path: "/v1/models", body: "" }).done;
          expect(outcome.error).toBeUndefined();
          expect(outcome.status).toBe(200);
          // The proxy's login header never reaches the upstream.
          expect(JSON.parse(outcome.body.toString())).toEqual({ ok: true, proxyLogin: null });
        }
        expect(proxy.visits).toEqual([
          {
            method: "CONNECT",
            target: `api.moonshot.ai:${upstreamPort}`,
            authorization: undefined,
          },
        ]);
        expect(seenByUpstream).toEqual(
          Array(3).fill(`GET /v1/models host=api.moonshot.ai:${upstreamPort}`),
        );
      } finally {
        await pool.destroy();
      }
      // Destroying the pool closes the tunnel at the proxy too.
      await waitFor(() => proxy.openTunnels() === 0);
    });
  });

  it("still refuses an upstream it cannot verify, tunnel or not", async () => {
    await withProxy(undefined, async (proxy) => {
      const pool = new Http1Pool({ proxy: proxySettingsFromEnv({ HTTPS_PROXY: proxy.url }) });
      try {
        const outcome = await send(pool, { origin, path: "/v1/models", body: "" }).done;
        expect(outcome.status).toBe(0);
        expect(String(outcome.error)).toMatch(/self.signed|unable to verify/i);
        expect(proxy.visits).toHaveLength(1);
      } finally {
        await pool.destroy();
      }
    });
  });

  it("sends the login from the proxy URL, and says what to do when the proxy wants one", async () => {
    await withProxy("alice:s3cret", async (proxy) => {
      const withLogin = new Http1Pool({
        ca: cert,
        proxy: proxySettingsFromEnv({ HTTPS_PROXY: `http://alice:s3cret@127.0.0.1:${proxy.port}` }),
      });
      const without = new Http1Pool({
        ca: cert,
        proxy: proxySettingsFromEnv({ https_proxy: proxy.url }),
      });
      try {
        const ok = await send(withLogin, { origin, path: "/v1/models", body: "" }).done;
        expect(ok.status).toBe(200);
        expect(proxy.visits[0]?.authorization).toBe(
          `Basic ${Buffer.from("alice:s3cret").toString("base64")}`,
        );
        const refused = await send(without, { origin, path: "/v1/models", body: "" }).done;
        expect(refused.status).toBe(0);
        expect(refused.error?.message).toBe(
          `the proxy ${proxy.url} (https_proxy) asks for a login (HTTP 407 Proxy Authentication Required)`,
        );
      } finally {
        await withLogin.destroy();
        await without.destroy();
      }
    });
  });

  it("names the proxy when it cannot be reached, and never shows its login", async () => {
    const port = await closedPort();
    const pool = new Http1Pool({
      proxy: proxySettingsFromEnv({ HTTPS_PROXY: `http://bob:hunter2@127.0.0.1:${port}` }),
    });
    try {
      const outcome = await send(pool, { origin, path: "/v1/models", body: "" }).done;
      expect(outcome.error?.message).toMatch(
        new RegExp(
          `^could not reach the proxy http://127\\.0\\.0\\.1:${port} \\(HTTPS_PROXY\\): connect ECONNREFUSED`,
        ),
      );
      expect(outcome.error?.message).not.toContain("hunter2");
    } finally {
      await pool.destroy();
    }
  });

  it("goes direct to NO_PROXY hosts and to this machine", async () => {
    await withProxy(undefined, async (proxy) => {
      const pool = new Http1Pool({
        ca: cert,
        lookup: loopbackLookup,
        proxy: proxySettingsFromEnv({ HTTPS_PROXY: proxy.url, NO_PROXY: "moonshot.ai" }),
      });
      try {
        const outcome = await send(pool, { origin, path: "/v1/models", body: "" }).done;
        expect(outcome.status).toBe(200);
        expect(proxy.visits).toEqual([]);
      } finally {
        await pool.destroy();
      }
    });
  });
});

describe("a chat through the proxy, end to end", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  /** One chat on a fresh pool with the proxies of `proxyEnv`; the pool is destroyed after. */
  async function chatVia(
    proxyEnv: Record<string, string>,
    baseUrl: string,
    apiKey: string,
    content = "hi",
  ) {
    const pool = new Http1Pool({ proxy: proxySettingsFromEnv(proxyEnv) });
    const transport = createOpenAICompletionsTransport({ dispatcher: pool });
    try {
      return await collect(
        transport,
        moonshotModel("kimi-k2.5", { baseUrl }),
        { messages: [{ role: "user", content }] },
        { apiKey },
      );
    } finally {
      await pool.destroy();
    }
  }

  it("streams a Moonshot answer from an http upstream sent as absolute URLs, with the login", async () => {
    await withProxy("carol:pw", async (proxy) => {
      // A real host name, so the request is not a loopback one; the proxy sends it to the simulator.
      const events = await chatVia(
        { HTTP_PROXY: `http://carol:pw@127.0.0.1:${proxy.port}` },
        `http://api.moonshot.ai:${sim.port}/v1`,
        sim.keys.moonshot,
        "hello through the proxy",
      );
      expect(doneOf(events).message.content).toBe("Echo: hello through the proxy");
      expect(proxy.visits).toEqual([
        {
          method: "POST",
          target: `http://api.moonshot.ai:${sim.port}/v1/chat/completions`,
          authorization: `Basic ${Buffer.from("carol:pw").toString("base64")}`,
        },
      ]);
      // The proxy login is for the proxy only: the simulator saw the API key and no login.
      const seen = sim.chatRequests().at(-1);
      expect(seen?.headers["proxy-authorization"]).toBeUndefined();
      expect(seen?.headers.authorization).toBe(`Bearer ${sim.keys.moonshot}`);
    });
  });

  it("a 407 from the proxy for an http upstream says a proxy wants a login, not that the request is bad", async () => {
    await withProxy("erin:pw", async (proxy) => {
      const before = sim.chatRequests().length;
      const error = await failure(
        chatVia(
          { HTTP_PROXY: proxy.url },
          `http://api.moonshot.ai:${sim.port}/v1`,
          sim.keys.moonshot,
        ),
      );
      // Not a network failure: retrying meets the same 407.
      expect(error.errorClass).toBe("proxy_auth");
      expect(error.retryable).toBe(false);
      expect(error.status).toBe(407);
      expect(error.hint).toBe(
        `put the proxy's login in HTTP_PROXY, as user:password@ in front of 127.0.0.1:${proxy.port} (write @ : / % in the user name or password as %40 %3A %2F %25)`,
      );
      // The proxy stopped it: the provider never saw the request.
      expect(sim.chatRequests()).toHaveLength(before);
    });
  });

  it("a tunnel refused for the login is a proxy_auth failure of the provider that names the proxy", async () => {
    await withProxy("dave:pw", async (proxy) => {
      const error = await failure(
        chatVia(
          { HTTPS_PROXY: proxy.url },
          `https://api.moonshot.ai:${upstreamPort}/v1`,
          "sk-test-proxy-0001",
        ),
      );
      expect(error.errorClass).toBe("proxy_auth");
      expect(error.message).toContain(`the proxy ${proxy.url} (HTTPS_PROXY) asks for a login`);
      expect(error.message).not.toContain("sk-test-proxy-0001");
    });
  });
});

describe("idle connections and the process", () => {
  // A program that makes one call and then has nothing left to do must exit, even though its
  // pool keeps the connection (direct, or a TLS tunnel through the proxy) for reuse.
  const script = `
    const { Http1Pool, proxySettingsFromEnv } = await import(process.env.POOL_MODULE);
    const { readFileSync } = await import("node:fs");
    const pool = new Http1Pool({
      keepAliveTimeout: 60_000,
      ca: readFileSync(process.env.CA_FILE),
      proxy: proxySettingsFromEnv(process.env),
      lookup: (host, options, callback) =>
        options.all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4),
    });
    pool.dispatch(
      { origin: process.env.ORIGIN, path: "/v1/models", method: "GET", headers: {} },
      { onHeaders: (status) => (console.log("status", status), true), onData: () => true, onComplete() {}, onError: (e) => console.log("error", e.message) },
    );
  `;
  const poolModule = join(import.meta.dirname, "..", "..", "dist", "providers", "index.js");
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });

  async function runOnce(
    env: Record<string, string>,
  ): Promise<{ code: number | null; out: string }> {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      env: {
        PATH: process.env.PATH ?? "",
        POOL_MODULE: pathToFileURL(poolModule).href,
        CA_FILE: join(fixtures, "cert.pem"),
        ORIGIN: origin,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    child.stdout.on("data", (data: Buffer) => {
      out += data.toString();
    });
    child.stderr.on("data", (data: Buffer) => {
      out += data.toString();
    });
    const code = await new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
    return { code, out };
  }

  it("lets the process exit while a direct or tunnelled connection waits for reuse", async () => {
    const direct = await runOnce({});
    expect(direct).toEqual({ code: 0, out: "status 200\n" });
    await withProxy(undefined, async (proxy) => {
      const tunnelled = await runOnce({ HTTPS_PROXY: proxy.url });
      expect(tunnelled).toEqual({ code: 0, out: "status 200\n" });
      expect(proxy.visits).toHaveLength(1);
    });
  });
});
