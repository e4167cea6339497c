/**
 * What a reload tells the operator, on a gateway in this process (real sockets, the simulator
 * upstream): a config file that is empty or gone keeps the last good config; settings read at
 * start only say that they need a restart, the drain deadline applies at once; providers the new
 * config leaves without a key are named (those that had one: not the built-in catalog's others);
 * and a key fixed or removed in the credential store counts while the config itself cannot be
 * reloaded.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withApiKeyProfile, writeAuthStore } from "../../src/auth/store.js";
import { agentDir } from "../../src/config/index.js";
import { DEFAULT_LIMITS } from "../../src/gateway/index.js";
import { eventually, type GatewayEnv, simConfig, startGatewayEnv } from "./harness.js";

const running: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
});

async function start(
  options: Parameters<typeof startGatewayEnv>[0] = {},
): Promise<{ env: GatewayEnv; lines: string[] }> {
  const lines: string[] = [];
  const env = await startGatewayEnv({
    ...options,
    start: { log: (line) => lines.push(line), ...options.start },
  });
  running.push(env);
  return { env, lines };
}

async function chat(env: GatewayEnv, model: string) {
  const res = await fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers: {
      authorization: "Bearer test-gateway-token-0001",
      "content-type": "application/json",
    },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: res.status, body: await res.text() };
}

describe("a reload of an empty or deleted config", () => {
  it("keeps the last good config (aliases, models) and says how to really start over", async () => {
    const { env, lines } = await start();
    writeFileSync(env.configPath, "");
    expect(env.gateway.reload()).toBe(false);
    // No `.bak` beside the config: none is named.
    expect(lines.at(-1)).toBe(
      `gateway: config reload skipped: ${env.configPath} is empty; still serving the last good config\n  hint: put the config back; to really run with no config, restart the gateway`,
    );
    // The alias still resolves, with the token of the last good config.
    expect((await chat(env, "Kimi K2.5")).status).toBe(200);

    // With one (openclaw config set keeps it), the hint says where the last version may be.
    writeFileSync(`${env.configPath}.bak`, JSON.stringify(simConfig(env.sim)));
    rmSync(env.configPath);
    expect(env.gateway.reload()).toBe(false);
    expect(lines.at(-1)).toBe(
      `gateway: config reload skipped: ${env.configPath} is gone; still serving the last good config\n  hint: put the config back (the last version written by openclaw may be in ${env.configPath}.bak); to really run with no config, restart the gateway`,
    );
    expect((await chat(env, "Kimi K2.5")).status).toBe(200);
    expect(lines.join("\n")).not.toContain("config reloaded");

    // Put back, it reloads as usual.
    writeFileSync(env.configPath, JSON.stringify(simConfig(env.sim)));
    expect(env.gateway.reload()).toBe(true);
    expect(lines.at(-1)).toBe(`gateway: config reloaded from ${env.configPath}`);
  });
});

describe("a reload of a token rotated with its closing quote forgotten", () => {
  it("names the token's line, masked, with the caret at its end; the old token keeps working", async () => {
    const { env, lines } = await start();
    const rotated = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const good = JSON.stringify(
      simConfig(env.sim, { gateway: { auth: { mode: "token", token: rotated } } }),
      null,
      2,
    );
    const text = good.replace(`"${rotated}"`, `"${rotated}`);
    writeFileSync(env.configPath, text);
    expect(env.gateway.reload()).toBe(false);
    const lineNumber = text.split("\n").findIndex((line) => line.includes(rotated)) + 1;
    const broken = text.split("\n")[lineNumber - 1] as string;
    const [said, shown, caret, hint] = (lines.at(-1) as string).split("\n");
    expect(said).toBe(
      `gateway: config reload failed, still serving the last good config: ${env.configPath}:${lineNumber}:${broken.length + 1}: this string is never closed: its line ends first`,
    );
    expect(shown).toBe(`    ${broken.replace(rotated, "*".repeat(rotated.length))}`);
    expect(caret).toBe(`    ${" ".repeat(broken.length)}^`);
    expect(hint).toBe(
      "  hint: close the string with the quote it opens with, on the same line (write \\n for a line break inside it)",
    );
    expect(lines.join("\n")).not.toContain(rotated);
    expect((await chat(env, "Kimi K2.5")).status).toBe(200);

    writeFileSync(env.configPath, good);
    expect(env.gateway.reload()).toBe(true);
    expect((await chat(env, "Kimi K2.5")).status).toBe(401);
  });
});

describe("a reload that turns token auth off, then takes gateway.auth out", () => {
  it("says it runs without a token, then refuses every request until a token is set instead of staying open", async () => {
    const { env, lines } = await start();
    const withAuth = (auth: Record<string, unknown> | undefined) => {
      const config = simConfig(env.sim) as { gateway: Record<string, unknown> };
      if (auth === undefined) delete config.gateway.auth;
      else config.gateway.auth = auth;
      return JSON.stringify(config);
    };
    const anonymous = async () =>
      (
        await fetch(`${env.baseURL}/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "Kimi K2.5", messages: [{ role: "user", content: "hi" }] }),
        })
      ).status;

    writeFileSync(env.configPath, withAuth({ mode: "none" }));
    let before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toEqual([
      `gateway: config reloaded from ${env.configPath}`,
      'gateway: gateway.auth.mode is now "none": programs on this machine may call the gateway without a token',
    ]);
    expect(await anonymous()).toBe(200);

    // Back to the default (token) with none set: nothing to keep, so nothing gets in.
    writeFileSync(env.configPath, withAuth(undefined));
    before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before).at(-1)).toBe(
      'gateway: warning: the config asks for a token (gateway.auth.mode "token", the default) and sets none, and this gateway ran without one: every request is refused until gateway.auth.token is set\n  hint: set gateway.auth.token (openclaw config set gateway.auth.token <at least 24 characters>), set gateway.auth.mode to "none" again, or restart the gateway to have a token created and saved',
    );
    expect(await anonymous()).toBe(401);
    const refused = await chat(env, "Kimi K2.5");
    expect(refused.status).toBe(401);
    // Not "incorrect gateway token ... config get gateway.auth.token prints it": none is set.
    expect(JSON.parse(refused.body).error.message).toBe(
      'this gateway has no token set: its config asks for one (gateway.auth.mode "token", the default) without gateway.auth.token, so it refuses every request until one is set there (openclaw config set gateway.auth.token <at least 24 characters>) or the gateway is restarted, which creates one',
    );

    // The token set: the warning above is answered by a line saying requests get in again.
    writeFileSync(env.configPath, withAuth({ mode: "token", token: "test-gateway-token-0001" }));
    before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toEqual([
      `gateway: config reloaded from ${env.configPath}`,
      // The gateway's own state dir: the command names it (a plain shell reads another config).
      `gateway: the gateway token is set (gateway.auth.token): requests with it are served again; give clients the token: OPENCLAW_STATE_DIR=${env.stateDir} openclaw config get gateway.auth.token --reveal`,
    ]);
    expect((await chat(env, "Kimi K2.5")).status).toBe(200);
    expect(await anonymous()).toBe(401);
    expect(lines.join("\n")).not.toContain("test-gateway-token-0001");
  });

  it("says, going from no token to a token, that requests without it are refused from now on", async () => {
    const { env, lines } = await start();
    const withAuth = (auth: Record<string, unknown>) => {
      const config = simConfig(env.sim) as { gateway: Record<string, unknown> };
      config.gateway.auth = auth;
      return JSON.stringify(config);
    };
    writeFileSync(env.configPath, withAuth({ mode: "none" }));
    expect(env.gateway.reload()).toBe(true);

    writeFileSync(env.configPath, withAuth({ mode: "token", token: "test-gateway-token-0001" }));
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toEqual([
      `gateway: config reloaded from ${env.configPath}`,
      `gateway: gateway.auth.mode is now "token": requests without the gateway token (gateway.auth.token) are refused from now on; give clients the token: OPENCLAW_STATE_DIR=${env.stateDir} openclaw config get gateway.auth.token --reveal`,
    ]);
    expect(lines.join("\n")).not.toContain("test-gateway-token-0001");
  });
});

describe("a reload that changes a setting read at start only", () => {
  it("says which one needs a restart and what runs until then; the drain deadline applies at once", async () => {
    const { env, lines } = await start({ gateway: { limits: { drainTimeoutMs: 4000 } } });
    expect(env.gateway.drainMs).toBe(4000);
    const ledgerDir = join(env.stateDir, "elsewhere");
    writeFileSync(
      env.configPath,
      JSON.stringify(
        simConfig(env.sim, {
          gateway: {
            bind: "lan",
            limits: { maxBodyBytes: 2048, maxMessages: 10, drainTimeoutMs: 1500 },
            timeouts: { firstByteMs: 30_000 },
            ledger: { path: join(ledgerDir, "usage.sqlite") },
          },
        }),
      ),
    );
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    const said = lines.slice(before);
    // What applied and what waits are said together: the rest of the change is in force.
    expect(said[0]).toBe(
      `gateway: config reloaded from ${env.configPath}; applied, except gateway.bind, gateway.ledger.path, gateway.limits.maxBodyBytes, gateway.limits.maxMessages, gateway.timeouts.firstByteMs, read at start only: they need a restart`,
    );
    expect(said).toContain(
      'gateway: gateway.bind changed ("loopback" → "lan"): restart the gateway to apply it; until then it runs with "loopback"',
    );
    expect(said).toContain(
      `gateway: gateway.ledger.path changed (${JSON.stringify(join(env.stateDir, "usage.sqlite"))} → ${JSON.stringify(join(ledgerDir, "usage.sqlite"))}): restart the gateway to apply it; until then it runs with ${JSON.stringify(join(env.stateDir, "usage.sqlite"))}`,
    );
    expect(said).toContain(
      `gateway: gateway.limits.maxBodyBytes changed (${DEFAULT_LIMITS.maxBodyBytes} → 2048): restart the gateway to apply it; until then it runs with ${DEFAULT_LIMITS.maxBodyBytes}`,
    );
    expect(said.some((line) => line.includes("gateway.limits.maxMessages changed"))).toBe(true);
    expect(said).toContain(
      "gateway: gateway.timeouts.firstByteMs changed (120000 → 30000): restart the gateway to apply it; until then it runs with 120000",
    );
    // Not a start-only setting: no restart asked, and the next SIGTERM drains for 1.5 s.
    expect(said.join("\n")).not.toContain("drainTimeoutMs");
    expect(env.gateway.drainMs).toBe(1500);
    // What it said is true: a body over the new limit still passes (it needs a restart).
    const big = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer test-gateway-token-0001",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "x".repeat(4000) }],
      }),
    });
    expect(big.status).toBe(200);
  });

  it("says it once: later reloads for other edits do not say again that it changed", async () => {
    const { env, lines } = await start();
    const withBodyLimit = (maxBodyBytes: number, alias: string) =>
      JSON.stringify(
        simConfig(env.sim, { gateway: { limits: { maxBodyBytes } } }),
        (_key, value: unknown) => (value === "Kimi K2.5" ? alias : value),
      );
    const saidChanged = (to: number) =>
      `gateway: gateway.limits.maxBodyBytes changed (${DEFAULT_LIMITS.maxBodyBytes} → ${to}): restart the gateway to apply it; until then it runs with ${DEFAULT_LIMITS.maxBodyBytes}`;
    writeFileSync(env.configPath, withBodyLimit(2048, "Kimi K2.5"));
    let before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toEqual([
      `gateway: config reloaded from ${env.configPath}; applied, except gateway.limits.maxBodyBytes, read at start only: it needs a restart`,
      saidChanged(2048),
    ]);

    // An alias renamed later: that reload is about the alias, the limit's change was said.
    writeFileSync(env.configPath, withBodyLimit(2048, "K25"));
    before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toEqual([`gateway: config reloaded from ${env.configPath}`]);
    expect((await chat(env, "K25")).status).toBe(200);

    // Changed again to another value, it is said again.
    writeFileSync(env.configPath, withBodyLimit(4096, "K25"));
    before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toContain(saidChanged(4096));
  });

  it("says nothing about settings that did not change", async () => {
    const { env, lines } = await start();
    writeFileSync(
      env.configPath,
      JSON.stringify(
        simConfig(env.sim, {
          primary: "kimi-code/kimi-for-coding",
          fallbacks: ["moonshot/kimi-k2.5"],
        }),
      ),
    );
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toEqual([`gateway: config reloaded from ${env.configPath}`]);
  });
});

describe("a reload that leaves a provider without a key", () => {
  it("warns naming the provider, instead of a quiet 'config reloaded' and a 502 on every request", async () => {
    const { env, lines } = await start();
    const slow = {
      baseUrl: env.sim.moonshotBaseUrl,
      apiKey: "${SLOW_KEY}",
      api: "openai-completions",
      models: [{ id: "kimi-k2.5", name: "Slow K2.5", reasoning: false, input: ["text"] }],
    };
    const withKey = {
      ...simConfig(env.sim, { extraProviders: { slow } }),
      env: { SLOW_KEY: env.sim.keys.moonshot },
    };
    writeFileSync(env.configPath, JSON.stringify(withKey));
    expect(env.gateway.reload()).toBe(true);
    expect(lines.join("\n")).not.toContain("no API key");
    expect((await chat(env, "slow/kimi-k2.5")).status).toBe(200);

    // The env block behind ${SLOW_KEY} deleted.
    const { env: _dropped, ...withoutKey } = withKey;
    writeFileSync(env.configPath, JSON.stringify(withoutKey));
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(before)).toContain(
      "gateway: warning: no API key now for slow: requests to its models fail until one is set\n  hint: openclaw models status shows where each key is looked for (auth profiles, the environment, the config's env block, apiKey)",
    );
    // No key on the gateway's side: its config to fix, not an upstream's refusal (a 502).
    expect((await chat(env, "slow/kimi-k2.5")).status).toBe(503);
    // Said once: the next reload with the same keys does not repeat it.
    const again = lines.length;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.slice(again).join("\n")).not.toContain("no API key");
  });
});

describe("a reload to an empty config object", () => {
  it("names the providers that lost their key, not the built-in ones that never had one", async () => {
    const { env, lines } = await start();
    // Keys written in the config itself, none in the environment (as on the auditor's machine).
    const literal = simConfig(env.sim) as { models: { providers: Record<string, object> } };
    for (const [id, key] of [
      ["moonshot", env.sim.keys.moonshot],
      ["kimi-code", env.sim.keys.kimiCode],
    ] as const) {
      literal.models.providers[id] = { ...literal.models.providers[id], apiKey: key };
    }
    writeFileSync(env.configPath, JSON.stringify(literal));
    delete env.env.MOONSHOT_API_KEY;
    delete env.env.KIMICODE_API_KEY;
    expect(env.gateway.reload()).toBe(true);
    expect(lines.join("\n")).not.toContain("no API key");

    writeFileSync(env.configPath, "{}");
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    const said = lines.slice(before);
    expect(said[0]).toBe(`gateway: config reloaded from ${env.configPath}`);
    // The built-in catalog is listed now, with providers this setup never had a key for.
    expect(env.gateway.backend().providersWithoutKey).toContain("moonshot-cn");
    const warnings = said.filter((line) => line.includes("no API key"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^gateway: warning: no API key now for kimi-code, moonshot: requests to their models fail until one is set\n/,
    );
  });

  it("still names a provider that had a key and has none now", async () => {
    const { env, lines } = await start();
    const slow = {
      baseUrl: env.sim.moonshotBaseUrl,
      apiKey: "${SLOW_KEY}",
      api: "openai-completions",
      models: [{ id: "kimi-k2.5", name: "Slow K2.5", reasoning: false, input: ["text"] }],
    };
    const keyed = {
      ...simConfig(env.sim, { extraProviders: { slow } }),
      env: { SLOW_KEY: env.sim.keys.moonshot },
    };
    writeFileSync(env.configPath, JSON.stringify(keyed));
    expect(env.gateway.reload()).toBe(true);
    // Now {} with the slow provider kept, and its key gone: slow only, not moonshot-cn.
    writeFileSync(env.configPath, JSON.stringify({ models: { providers: { slow } } }));
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    const warnings = lines.slice(before).filter((line) => line.includes("no API key"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^gateway: warning: no API key now for slow: /);
  });
});

describe("a key fixed in the credential store while the config cannot be reloaded", () => {
  it("is used by the next request: the store is read per request, not only on a good reload", async () => {
    const { env, lines } = await start();
    // The key comes from the credential store only.
    const config = simConfig(env.sim) as { models: { providers: Record<string, object> } };
    const providers = config.models.providers as Record<string, { apiKey?: string }>;
    const { apiKey: _unused, ...moonshot } = providers.moonshot ?? {};
    const include = join(env.stateDir, "extra.json5");
    writeFileSync(include, "{}");
    writeFileSync(
      env.configPath,
      JSON.stringify({
        ...config,
        $include: "./extra.json5",
        models: { ...config.models, providers: { ...providers, moonshot } },
      }),
    );
    const agent = agentDir(env.stateDir);
    mkdirSync(agent, { recursive: true });
    writeAuthStore(
      agent,
      withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
        key: "sk-test-wrong-key-0001",
      }),
    );
    expect(env.gateway.reload()).toBe(true);
    expect((await chat(env, "moonshot/kimi-k2.5")).status).not.toBe(200);
    // No key at all: the model is not listed.
    writeAuthStore(agent, { version: 1, profiles: {} });
    expect(env.gateway.reload()).toBe(true);
    expect(await listed(env)).not.toContain("moonshot/kimi-k2.5");

    // The include breaks, then the key is fixed: the reload fails, the fixed key is used.
    writeFileSync(include, "{ broken");
    writeAuthStore(
      agent,
      withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
        key: env.sim.keys.moonshot,
      }),
    );
    expect(env.gateway.reload()).toBe(false);
    expect(lines.at(-2)).toContain("config reload failed, still serving the last good config");
    // The key warned of as gone (above) is back: said, after the failure it was read in.
    expect(lines.at(-1)).toBe(
      "gateway: moonshot has an API key again: its models are served again",
    );
    // Key lookups are cached for a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await chat(env, "moonshot/kimi-k2.5")).status).toBe(200);
    // The failed reload built the last good config again with the store as it is now.
    expect(await listed(env)).toContain("moonshot/kimi-k2.5");

    // The key removed from the store while the config still cannot reload: its models leave
    // the list, and the log says why.
    writeAuthStore(agent, { version: 1, profiles: {} });
    const before = lines.length;
    expect(env.gateway.reload()).toBe(false);
    expect(await listed(env)).not.toContain("moonshot/kimi-k2.5");
    expect(lines.slice(before)).toContain(
      "gateway: warning: no API key now for moonshot: requests to its models fail until one is set\n  hint: openclaw models status shows where each key is looked for (auth profiles, the environment, the config's env block, apiKey)",
    );
  });
});

async function listed(env: GatewayEnv): Promise<string[]> {
  const res = await fetch(`${env.baseURL}/models`, {
    headers: { authorization: "Bearer test-gateway-token-0001" },
  });
  const body = (await res.json()) as { data: { id: string }[] };
  return body.data.map((model) => model.id);
}

describe("a reload that openclaw config validate would fail", () => {
  /** The chat answer's model header for `openclaw`, or the error status. */
  async function servedByDefault(env: GatewayEnv): Promise<string> {
    const res = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer test-gateway-token-0001",
        "content-type": "application/json",
      },
      body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hi" }] }),
    });
    return res.ok ? (res.headers.get("x-openclaw-model") ?? "") : String(res.status);
  }

  it("is refused like a file that does not parse: a typo in the default model leaves the chain serving", async () => {
    const { env, lines } = await start();
    expect(await servedByDefault(env)).toBe("moonshot/kimi-k2.5");
    writeFileSync(
      env.configPath,
      JSON.stringify(simConfig(env.sim, { primary: "kimi-code/kimi-for-codin" })),
    );
    const before = lines.length;
    expect(env.gateway.reload()).toBe(false);
    const said = lines.slice(before).join("\n");
    // One line: where (file:line, dotted path), what is wrong; the hint names config validate once.
    expect(said).toContain(
      `gateway: config reload failed, still serving the last good config: ${env.configPath}:1: agents.defaults.model.primary: the default model cannot be used: `,
    );
    expect(said.split("openclaw config validate")).toHaveLength(2);
    expect(said).toContain("kimi-for-codin");
    expect(said).not.toContain("config reloaded");
    expect(await servedByDefault(env)).toBe("moonshot/kimi-k2.5");
    expect(await listed(env)).toContain("openclaw");

    // A fallback naming nothing is refused too; the fix of both applies.
    writeFileSync(
      env.configPath,
      JSON.stringify(simConfig(env.sim, { fallbacks: ["moonshot/kimi-k9"] })),
    );
    expect(env.gateway.reload()).toBe(false);
    expect(lines.at(-1)).toContain("agents.defaults.model.fallbacks[0]: fallback 1 cannot be used");
    writeFileSync(
      env.configPath,
      JSON.stringify(simConfig(env.sim, { primary: "kimi-code/kimi-for-coding", fallbacks: [] })),
    );
    expect(env.gateway.reload()).toBe(true);
    expect(await servedByDefault(env)).toBe("kimi-code/kimi-for-coding");
  });

  it("is applied when what validate fails was so already in the config being served", async () => {
    const { env } = await start({ fallbacks: ["moonshot/kimi-k9"] });
    const config = simConfig(env.sim, { fallbacks: ["moonshot/kimi-k9"] });
    config.agents.defaults.models["moonshot/kimi-k2-turbo-preview"] = { alias: "Turbo" };
    writeFileSync(env.configPath, JSON.stringify(config));
    expect(env.gateway.reload()).toBe(true);
    expect((await chat(env, "Turbo")).status).toBe(200);
  });
});

describe("openclaw asked of a gateway with no usable default model", () => {
  async function defaultRefusal(env: GatewayEnv) {
    const res = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer test-gateway-token-0001",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "openclaw/default",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    const body = (await res.json()) as { error: { message: string; code: string; param: string } };
    return { status: res.status, ...body.error };
  }

  it("says none is configured and how to set one, instead of blaming the client", async () => {
    const { env } = await start();
    const { model: _none, ...defaults } = simConfig(env.sim).agents.defaults;
    writeFileSync(env.configPath, JSON.stringify({ ...simConfig(env.sim), agents: { defaults } }));
    expect(env.gateway.reload()).toBe(true);
    const refusal = await defaultRefusal(env);
    expect(refusal).toMatchObject({ status: 404, code: "model_not_found", param: "model" });
    expect(refusal.message).toContain(
      'model "openclaw/default" is this gateway\'s default model and its fallbacks, which it cannot serve: no default model is set (agents.defaults.model.primary)',
    );
    // The gateway reads the test's own state dir and watches nothing: the command names that dir
    // (its config file and its keys), and the gateway needs a restart (or its reload()) to see
    // the edit.
    expect(refusal.message).toContain(
      `to set one, run: OPENCLAW_STATE_DIR=${dirname(env.configPath)} openclaw models set moonshot/kimi-k2.5 (moonshot has a key); then restart the gateway (started with watch: false, it rereads its config only when restarted or its reload() is called)`,
    );
    expect(refusal.message).not.toContain("is not configured;");
  });

  it("says why the configured one cannot be used, when the gateway started with it broken", async () => {
    const { env } = await start({ primary: "kimi-code/kimi-for-codin" });
    const refusal = await defaultRefusal(env);
    expect(refusal).toMatchObject({ status: 404, code: "model_not_found" });
    expect(refusal.message).toContain(
      "which it cannot serve: agents.defaults.model.primary: the default model cannot be used: ",
    );
    expect(refusal.message).toContain("kimi-for-codin");
  });
});

describe("the reload line", () => {
  it("names the file whose change it follows: the credential store is not the config file", async () => {
    const { env, lines } = await start({ start: { watch: true } });
    const agent = agentDir(env.stateDir);
    mkdirSync(agent, { recursive: true });
    writeAuthStore(agent, { version: 1, profiles: {} });
    // A reload asked for directly names no file; it also watches the store's new directory.
    expect(env.gateway.reload()).toBe(true);
    expect(lines.at(-1)).toBe(`gateway: config reloaded from ${env.configPath}`);
    const store = join(agent, "auth-profiles.json");
    const reloaded = `gateway: config reloaded from ${env.configPath} (${store} (the credential store) changed)`;
    writeAuthStore(
      agent,
      withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
        key: env.sim.keys.moonshot,
      }),
    );
    await eventually(() => lines.includes(reloaded), 5000, "the reload after the store changed");
    // The config file itself is named when it is what changed.
    writeFileSync(env.configPath, JSON.stringify(simConfig(env.sim)));
    await eventually(
      () =>
        lines.includes(
          `gateway: config reloaded from ${env.configPath} (${env.configPath} changed)`,
        ),
      5000,
      "the reload after the config changed",
    );
  });
});

describe("a provider under the reserved id openclaw", () => {
  const reserved = (baseUrl: string) => ({ baseUrl, models: [{ id: "m1", name: "M1" }] });
  const withReserved = (config: Record<string, unknown>, baseUrl: string) => {
    const models = config.models as { providers: Record<string, unknown> };
    models.providers.openclaw = reserved(baseUrl);
  };

  it("does not stop the reload of a config that had it already (only new errors do)", async () => {
    const { env, lines } = await start({
      editConfig: (config) => withReserved(config, "http://127.0.0.1:9/v1"),
    });
    const config = simConfig(env.sim) as unknown as Record<string, unknown>;
    withReserved(config, "http://127.0.0.1:9/v1");
    (config.gateway as Record<string, unknown>).limits = { drainTimeoutMs: 2000 };
    writeFileSync(env.configPath, JSON.stringify(config));
    const before = lines.length;
    expect(env.gateway.reload()).toBe(true);
    // What the person running the gateway sees: the reload, not a refusal.
    const said = lines.slice(before).join("\n");
    expect(said).toContain(`gateway: config reloaded from ${env.configPath}`);
    expect(said).not.toContain("reload skipped");
  });

  it("refuses a reload that brings it in, saying where and what to do", async () => {
    const { env, lines } = await start();
    const config = simConfig(env.sim) as unknown as Record<string, unknown>;
    withReserved(config, "http://127.0.0.1:9/v1");
    writeFileSync(env.configPath, JSON.stringify(config));
    expect(env.gateway.reload()).toBe(false);
    expect(lines.at(-1)).toContain(
      'models.providers.openclaw: provider id "openclaw" is reserved: "openclaw" and "openclaw/…" name the default model and its fallbacks',
    );
    expect(lines.at(-1)).toContain("hint: rename the provider in the config file");
  });
});

describe("an alias under the reserved name openclaw/…", () => {
  const withAlias = (config: Record<string, unknown>) => {
    const agents = config.agents as { defaults: { models: Record<string, unknown> } };
    agents.defaults.models["moonshot/kimi-k3"] = { alias: "openclaw/fast" };
  };

  it("refuses a reload that brings it in, saying where and what to do", async () => {
    const { env, lines } = await start();
    const config = simConfig(env.sim) as unknown as Record<string, unknown>;
    withAlias(config);
    writeFileSync(env.configPath, JSON.stringify(config));
    expect(env.gateway.reload()).toBe(false);
    expect(lines.at(-1)).toContain(
      'agents.defaults.models["moonshot/kimi-k3"].alias: alias "openclaw/fast" is not usable: the name "openclaw"',
    );
    expect((await chat(env, "openclaw/fast")).status).toBe(404);
  });

  it("is named with a hint at each reload of a config that had it already", async () => {
    const { env, lines } = await start({ editConfig: withAlias });
    const config = simConfig(env.sim) as unknown as Record<string, unknown>;
    withAlias(config);
    (config.gateway as Record<string, unknown>).limits = { drainTimeoutMs: 2000 };
    writeFileSync(env.configPath, JSON.stringify(config));
    expect(env.gateway.reload()).toBe(true);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^gateway: agents\.defaults\.models\["moonshot\/kimi-k3"\]\.alias: alias "openclaw\/fast" is not usable: .*the gateway does not take it as an alias\n {2}hint: pick another name/,
      ),
    );
    expect((await chat(env, "openclaw/fast")).status).toBe(404);
  });
});

describe("a reload that takes gateway.auth.token out of the config", () => {
  it("says once that the running token stays until a restart, and keeps serving with it", async () => {
    const { env, lines } = await start();
    const config = simConfig(env.sim);
    const { token: _removed, ...authWithoutToken } = config.gateway.auth;
    writeFileSync(
      env.configPath,
      JSON.stringify({ ...config, gateway: { ...config.gateway, auth: authWithoutToken } }),
    );
    expect(env.gateway.reload()).toBe(true);
    const said =
      "gateway: gateway.auth.token is no longer set (nor OPENCLAW_GATEWAY_TOKEN): the running token stays in use until a restart, which creates a new one and prints it once (clients then need the new one)";
    expect(lines.filter((line) => line === said)).toHaveLength(1);
    expect((await chat(env, "Kimi K2.5")).status).toBe(200);

    // A later reload for another edit does not say it again.
    expect(env.gateway.reload()).toBe(true);
    expect(lines.filter((line) => line === said)).toHaveLength(1);
  });
});
