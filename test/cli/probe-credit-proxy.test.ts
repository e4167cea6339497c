/**
 * `models status --probe` and `doctor --probe` for a `moonshot` or `kimi-code` provider whose
 * `baseUrl` is a company proxy or a mirror (no OPENCLAW_*_BASE_URL names it): the balance and
 * the plan quota are asked at that address, and when it does not answer them (404) a line says
 * so. They were silently missing. The built CLI against the simulator behind a small forwarding
 * proxy on another port and base path, over real sockets.
 */

import { writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { freshState, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
let proxy: Server;
let proxyUrl: string;
/** Paths the proxy was asked, with the key they carried. */
const seen: { path: string; authorization: string | undefined }[] = [];

/**
 * `/corp/moonshot/v1/*` (and `/corp/custom/v1/*`) to the simulator's `/v1/*`, `/corp/kimi/v1/*` to its `/coding/v1/*`; the
 * same under `/no-account/…`, except the account APIs, answered 404 in HTML as a gateway would.
 */
function startProxy(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push({ path, authorization: req.headers.authorization });
    const blocked = path.startsWith("/no-account/");
    const rest = path.replace(/^\/(corp|no-account)/, "");
    const restPath = rest.split("?")[0] ?? "";
    if (blocked && (restPath.endsWith("/users/me/balance") || restPath.endsWith("/usages"))) {
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>");
      return;
    }
    const upstream = rest
      .replace(/^\/moonshot\/v1/, "/v1")
      .replace(/^\/kimi\/v1/, "/coding/v1")
      .replace(/^\/custom\/v1/, "/v1");
    const forward = request(
      `${target}${upstream}`,
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  sim = await startSimulator();
  proxy = await startProxy(sim.url);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await sim?.close();
});

/** Both providers (and a custom one) behind the proxy at `prefix`, keys in the config. */
function behindProxy(prefix: string): StateDir {
  const state = freshState();
  writeFileSync(
    state.configPath,
    JSON.stringify({
      agents: { defaults: { model: "moonshot/kimi-k2.5" } },
      models: {
        providers: {
          moonshot: { baseUrl: `${proxyUrl}/${prefix}/moonshot/v1`, apiKey: sim.keys.moonshot },
          "kimi-code": { baseUrl: `${proxyUrl}/${prefix}/kimi/v1`, apiKey: sim.keys.kimiCode },
          "my-llm": customProvider([{ id: "kimi-k2.5", name: "kimi-k2.5" }], {
            baseUrl: `${proxyUrl}/${prefix}/custom/v1`,
            apiKey: sim.keys.moonshot,
          }),
        },
      },
    }),
    { mode: 0o600 },
  );
  return state;
}

interface ProbeJson {
  provider: string;
  credit: { kind: string; available?: number } | null;
  creditUnreadable: { kind: string; url: string; reason: string } | null;
}

describe("--probe at a proxy's base URL", () => {
  it("shows the balance and the plan quota read through the proxy", async () => {
    const state = behindProxy("corp");
    const text = await state.run(["models", "status", "--probe"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {4}balance: \$49\.50 \(voucher \$46\.50, cash \$3\.00\)$/m);
    expect(text.stdout).toMatch(/^ {4}plan quota:/m);
    expect(text.stdout).not.toContain("could not be read");

    const json = await state.run(["models", "status", "--probe", "--json"]);
    const probes = (JSON.parse(json.stdout) as { probes: ProbeJson[] }).probes;
    expect(probes.find((p) => p.provider === "moonshot")?.credit?.available).toBe(49.5);
    expect(probes.find((p) => p.provider === "kimi-code")?.credit?.kind).toBe("quota");
    // A custom provider is not Moonshot's account, even at the same address: not asked.
    const custom = probes.find((p) => p.provider === "my-llm");
    expect(custom?.credit).toBeNull();
    expect(custom?.creditUnreadable).toBeNull();

    const doctor = await state.run(["doctor", "--probe"]);
    expect(doctor.stdout).toContain("moonshot: balance $49.50");
    expect(doctor.stdout).toContain("kimi-code: Kimi Code plan quota");
  });

  it("says the balance could not be read there, and why, when the proxy answers 404", async () => {
    const state = behindProxy("no-account");
    const text = await state.run(["models", "status", "--probe"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `    balance: could not be read at ${proxyUrl}/no-account/moonshot/v1/users/me/balance (HTTP 404)`,
    );
    expect(text.stdout).toContain(
      `    plan quota: could not be read at ${proxyUrl}/no-account/kimi/v1/usages (HTTP 404)`,
    );
    // Once per Moonshot provider, never for the custom one.
    expect(text.stdout.match(/could not be read/g)).toHaveLength(2);

    // On a terminal 40 columns wide: wrapped under its label, the URL whole on a line of its own.
    const narrow = await state.run(["models", "status", "--probe"], { COLUMNS: "40" });
    const balanceUrl = `${proxyUrl}/no-account/moonshot/v1/users/me/balance`;
    const lines = narrow.stdout.split("\n");
    const at = lines.indexOf("    balance: could not be read at");
    expect(lines.slice(at, at + 3)).toEqual([
      "    balance: could not be read at",
      `             ${balanceUrl}`,
      "             (HTTP 404)",
    ]);

    const json = await state.run(["models", "status", "--probe", "--json"]);
    const probes = (JSON.parse(json.stdout) as { probes: ProbeJson[] }).probes;
    expect(probes.find((p) => p.provider === "moonshot")?.creditUnreadable).toEqual({
      kind: "balance",
      url: `${proxyUrl}/no-account/moonshot/v1/users/me/balance`,
      reason: "HTTP 404",
    });

    const plain = await state.run(["models", "status", "--probe", "--plain"]);
    expect(plain.stdout).toContain("creditunreadable\tmoonshot\tbalance\tHTTP 404");

    const doctor = await state.run(["doctor", "--probe"]);
    expect(doctor.stdout).toContain(
      `moonshot: balance could not be read at ${proxyUrl}/no-account/moonshot/v1/users/me/balance (HTTP 404)`,
    );
  });

  it("names the URL asked as it was asked: the base URL's query after the path, its key masked", async () => {
    const state = freshState();
    // A mirror that wants a tenant and a key in the query, and a user name in the URL.
    const base = `${proxyUrl.replace("://", "://ci-user@")}/no-account/moonshot/v1?tenant=acme&api_key=querysecret01`;
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "moonshot/kimi-k2.5" } },
        models: { providers: { moonshot: { baseUrl: base, apiKey: sim.keys.moonshot } } },
      }),
      { mode: 0o600 },
    );
    const asked = `${proxyUrl}/no-account/moonshot/v1/users/me/balance?tenant=acme&api_key=***`;
    const text = await state.run(["models", "status", "--probe"]);
    expect(text.stdout).toContain(`    balance: could not be read at ${asked} (HTTP 404)`);
    const json = await state.run(["models", "status", "--probe", "--json"]);
    const probes = (JSON.parse(json.stdout) as { probes: ProbeJson[] }).probes;
    expect(probes.find((p) => p.provider === "moonshot")?.creditUnreadable?.url).toBe(asked);
    expect(`${text.stdout}${json.stdout}`).not.toContain("querysecret01");
    // It was asked there: the path, then the query.
    expect(seen.map((entry) => entry.path)).toContain(
      "/no-account/moonshot/v1/users/me/balance?tenant=acme&api_key=querysecret01",
    );
  });

  it("asks no account API for the custom provider, and only at the configured base paths", () => {
    const account = seen.filter((entry) => /\/(users\/me\/balance|usages)$/.test(entry.path));
    expect(account.length).toBeGreaterThan(0);
    for (const entry of account)
      expect(entry.path).toMatch(/^\/(corp|no-account)\/(moonshot\/v1\/users|kimi\/v1\/usages)/);
    // The custom provider's key went to its models list, never to an account API.
    expect(seen.some((entry) => entry.path.includes("/custom/v1/models"))).toBe(true);
  });
});
