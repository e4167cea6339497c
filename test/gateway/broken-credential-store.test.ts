/**
 * A credential store (auth-profiles.json) broken under a running gateway, the way hand edits break
 * it (a save seen cut short, a comma left after the last entry): the keys last read from it keep
 * serving, as the last good config does while its file is broken, and the log says which file and
 * line to fix; saving it fixed is read again. The gateway runs in this process with its real
 * watcher, the simulator upstream, over real sockets.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withApiKeyProfile, writeAuthStore } from "../../src/auth/store.js";
import { agentDir } from "../../src/config/index.js";
import { type RunningGateway, startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  simConfig,
  startGatewayEnv,
} from "./harness.js";

const closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

async function chatStatus(baseURL: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  return { status: res.status, body: await res.text() };
}

/** Stores `key` as moonshot's only key and returns the store's path. */
function storeKey(stateDir: string, key: string): string {
  const agent = agentDir(stateDir);
  mkdirSync(agent, { recursive: true });
  writeAuthStore(
    agent,
    withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", { key }),
  );
  return join(agent, "auth-profiles.json");
}

/** The config of `sim` without moonshot's apiKey: its key comes from the credential store only. */
function withoutMoonshotKey(config: Record<string, unknown>): void {
  const providers = (config.models as { providers: Record<string, Record<string, unknown>> })
    .providers;
  delete providers.moonshot?.apiKey;
}

const pause = (ms: number) => new Promise((resolveWait) => setTimeout(resolveWait, ms));
/** Longer than the gateway's cache of looked-up keys (a second), so the store is read again. */
const KEY_CACHE_OVER_MS = 1100;

/** Said of the keys while the store is broken: a key taken out of it meanwhile is still sent. */
const KEPT_KEYS =
  "the keys last read from the credential store (a key taken out of it since is still sent until it reads well)";
const KEPT = `still serving the last good config and ${KEPT_KEYS}`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("a credential store cut short under a gateway that reads its config file", () => {
  it("keeps serving the keys last read from it, says file:line and what to do, and reads the fixed one", async () => {
    const lines: string[] = [];
    const env: GatewayEnv = await startGatewayEnv({
      editConfig: withoutMoonshotKey,
      start: { watch: true, log: (line) => lines.push(line) },
    });
    closing.push(() => env.close());
    const store = storeKey(env.stateDir, env.sim.keys.moonshot);
    await eventually(
      async () => (await chatStatus(env.baseURL)).status === 200,
      5000,
      "the stored key to serve",
    );

    // An editor's save seen half-written: the text stops inside the profiles.
    const whole = readFileSync(store, "utf8");
    writeFileSync(store, whole.slice(0, whole.indexOf('"provider"')));
    // Told (the file named) once the watcher has seen it.
    const named = (line: string) => line.includes(`${store}:`);
    await eventually(() => lines.some(named), 5000, "the broken store to be told");
    await pause(KEY_CACHE_OVER_MS);
    const served = await chatStatus(env.baseURL);
    expect(served.status, served.body).toBe(200);
    expect(lines.join("\n")).not.toContain("internal error");
    const said = lines.find(named) as string;
    expect(said).toMatch(
      new RegExp(
        `^${escapeRegExp(`gateway: config reload failed, ${KEPT}: the credential store ${store}:`)}\\d+:\\d+ is not valid JSON`,
      ),
    );
    expect(said).toContain("\n  hint: fix line ");
    expect(said).not.toContain(env.sim.keys.moonshot);

    // Saved whole again (here with a key the API refuses): that store is what serves next.
    storeKey(env.stateDir, "sk-test-moonshot-ai-9999");
    await eventually(
      async () => (await chatStatus(env.baseURL)).body.includes("rejected the API key"),
      5000,
      "the fixed store's key to be sent",
    );
  });
});

describe("a config edit saved while the credential store is broken", () => {
  it("applies, with the keys last read from the store, and the log says both", async () => {
    const lines: string[] = [];
    const env: GatewayEnv = await startGatewayEnv({
      editConfig: withoutMoonshotKey,
      start: { watch: true, log: (line) => lines.push(line) },
    });
    closing.push(() => env.close());
    const store = storeKey(env.stateDir, env.sim.keys.moonshot);
    await eventually(
      async () => (await chatStatus(env.baseURL)).status === 200,
      5000,
      "the stored key to serve",
    );
    // A comma left after the last entry: told once the watcher has seen it.
    writeFileSync(store, readFileSync(store, "utf8").replace(/\}\s*$/, ",}"));
    await eventually(() => lines.some((line) => line.includes(`${store}:`)), 5000, "the store");

    // An unrelated edit of the config: a new alias (before, refused for the store's sake).
    const before = lines.length;
    const config = JSON.parse(readFileSync(env.configPath, "utf8"));
    config.agents.defaults.models["moonshot/kimi-k2-turbo-preview"] = { alias: "Turbo" };
    writeFileSync(env.configPath, JSON.stringify(config, null, 2));
    const reloaded = `gateway: config reloaded from ${env.configPath} (${env.configPath} changed)`;
    await eventually(() => lines.slice(before).includes(reloaded), 5000, "the config's reload");
    const said = lines.slice(before).join("\n");
    expect(said).not.toContain("config reload failed");
    expect(said).toContain(
      `gateway: keys not read again, still serving ${KEPT_KEYS}: the credential store ${store}:`,
    );
    // The alias serves, with the key last read from the store.
    const res = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "Turbo", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status, await res.text()).toBe(200);
  });
});

/**
 * A gateway given its config as an object (watching the credential store only), moonshot's key in
 * the store alone: its base URL, the store's path and the lines it logs.
 */
async function startFromConfigObject(): Promise<{
  baseURL: string;
  store: string;
  lines: string[];
}> {
  const sim: Simulator = await startSimulator({});
  closing.push(() => sim.close());
  const lines: string[] = [];
  const stateDir = mkdtempSync(join(tmpdir(), "openclaw-store-"));
  closing.push(async () => rmSync(stateDir, { recursive: true, force: true }));
  const store = storeKey(stateDir, sim.keys.moonshot);
  const config = simConfig(sim) as Record<string, unknown>;
  withoutMoonshotKey(config);
  const gateway: RunningGateway = await startGateway({
    config,
    env: { PATH: process.env.PATH, OPENCLAW_STATE_DIR: stateDir, NO_COLOR: "1" },
    port: 0,
    transports: await defaultTransports(),
    watch: true,
    log: (line) => lines.push(line),
  });
  closing.unshift(() => gateway.close(2000));
  return { baseURL: `${gateway.url}/v1`, store, lines };
}

describe("a credential store broken under a gateway given its config as an object", () => {
  it("keeps serving the keys last read from it and says so instead of that the keys were read again", async () => {
    const { baseURL, store, lines } = await startFromConfigObject();
    expect((await chatStatus(baseURL)).status).toBe(200);

    const before = lines.length;
    writeFileSync(store, readFileSync(store, "utf8").replace(/\}\s*$/, ",}"));
    // Told once the watcher has seen it (before, a broken store was told as keys read again).
    const told = (line: string) => line.includes(KEPT_KEYS) || line.includes("keys read again");
    await eventually(() => lines.slice(before).some(told), 5000, "the broken store to be told");
    await pause(KEY_CACHE_OVER_MS);
    const served = await chatStatus(baseURL);
    expect(served.status, served.body).toBe(200);
    const said = lines.slice(before).join("\n");
    expect(said).not.toContain("keys read again");
    // No config is read again: only the store's keys were to be.
    expect(said).toContain(
      `gateway: keys not read again, still serving ${KEPT_KEYS}: the credential store ${store}:`,
    );
    expect(said).not.toContain("config reload");
  });
});

describe("a credential store deleted and written again a moment later (a hand rewrite)", () => {
  it("is one reload, without saying the keys are gone in between", async () => {
    const lines: string[] = [];
    const env: GatewayEnv = await startGatewayEnv({
      editConfig: withoutMoonshotKey,
      start: { watch: true, log: (line) => lines.push(line) },
    });
    closing.push(() => env.close());
    const store = storeKey(env.stateDir, env.sim.keys.moonshot);
    await eventually(
      async () => (await chatStatus(env.baseURL)).status === 200,
      5000,
      "the stored key to serve",
    );
    const whole = readFileSync(store, "utf8");
    const before = lines.length;
    rmSync(store);
    // Longer than the watcher's debounce, well within the time a gone file gets to come back.
    await pause(300);
    writeFileSync(store, whole, { mode: 0o600 });
    const reloaded = `gateway: config reloaded from ${env.configPath} (${store} (the credential store) changed)`;
    await eventually(() => lines.slice(before).includes(reloaded), 5000, "the reload");
    const said = lines.slice(before);
    expect(said.join("\n")).not.toContain("no API key now");
    expect(said.filter((line) => line.startsWith("gateway: config reload"))).toEqual([reloaded]);
    expect((await chatStatus(env.baseURL)).status).toBe(200);
  });
});

// Root reads a file whatever its mode: the case needs an ordinary user to run the tests.
const asRoot = process.getuid?.() === 0;

describe("a credential store made unreadable (chmod 000), then readable again", () => {
  it.skipIf(asRoot)(
    "says so, keeps the keys serving, and reads it again once readable",
    async () => {
      const lines: string[] = [];
      const env: GatewayEnv = await startGatewayEnv({
        editConfig: withoutMoonshotKey,
        start: { watch: true, log: (line) => lines.push(line) },
      });
      closing.push(() => env.close());
      const store = storeKey(env.stateDir, env.sim.keys.moonshot);
      await eventually(
        async () => (await chatStatus(env.baseURL)).status === 200,
        5000,
        "the stored key to serve",
      );
      chmodSync(store, 0o000);
      const denied = `${KEPT}: could not read the credential store ${store}: permission denied`;
      await eventually(
        () => lines.some((line) => line.includes(denied)),
        5000,
        "the unreadable store",
      );
      await pause(KEY_CACHE_OVER_MS);
      expect((await chatStatus(env.baseURL)).status).toBe(200);

      const before = lines.length;
      chmodSync(store, 0o600);
      const reloaded = `gateway: config reloaded from ${env.configPath} (${store} (the credential store) changed)`;
      await eventually(() => lines.slice(before).includes(reloaded), 5000, "the reload");
      expect(lines.slice(before).join("\n")).not.toContain("reload failed");
    },
  );
});

describe("a credential store taken away, then put back", () => {
  it("warns that the provider has no key, then says it has one again", async () => {
    const lines: string[] = [];
    const env: GatewayEnv = await startGatewayEnv({
      editConfig: withoutMoonshotKey,
      start: { watch: true, log: (line) => lines.push(line) },
    });
    closing.push(() => env.close());
    const store = storeKey(env.stateDir, env.sim.keys.moonshot);
    await eventually(
      async () => (await chatStatus(env.baseURL)).status === 200,
      5000,
      "the stored key to serve",
    );
    const away = `${store}.away`;
    renameSync(store, away);
    const lost = (line: string) =>
      line.startsWith("gateway: warning: no API key now for moonshot:");
    await eventually(() => lines.some(lost), 5000, "the lost key warning");
    const before = lines.length;
    renameSync(away, store);
    const back = "gateway: moonshot has an API key again: its models are served again";
    await eventually(() => lines.slice(before).includes(back), 5000, "the key back line");
    expect((await chatStatus(env.baseURL)).status).toBe(200);
  });
});

describe("a credential store deleted while the gateway runs", () => {
  it("keeps a request in the next moment served (a rewrite's gap), then takes the keys away", async () => {
    const lines: string[] = [];
    const env: GatewayEnv = await startGatewayEnv({
      editConfig: withoutMoonshotKey,
      start: { watch: true, log: (line) => lines.push(line) },
    });
    closing.push(() => env.close());
    const store = storeKey(env.stateDir, env.sim.keys.moonshot);
    await eventually(
      async () => (await chatStatus(env.baseURL)).status === 200,
      5000,
      "the stored key to serve",
    );
    // The key the last request looked up is no longer cached: the next one reads the store.
    await pause(KEY_CACHE_OVER_MS);
    rmSync(store);
    // As a hand rewrite's gap (rm, then write) looks to a request: the key was not taken away.
    const inGap = await chatStatus(env.baseURL);
    expect(inGap.status, inGap.body).toBe(200);

    // Left deleted: once the gateway says the key is gone, requests have none.
    const lost = (line: string) =>
      line.startsWith("gateway: warning: no API key now for moonshot:");
    await eventually(() => lines.some(lost), 5000, "the lost key warning");
    const after = await chatStatus(env.baseURL);
    expect(after.status).toBe(503);
    expect(after.body).toContain('no API key found for provider \\"moonshot\\"');
  });
});

describe("a credential store deleted and written again under a gateway given its config as an object", () => {
  it("is read again once, without saying the keys are gone in between", async () => {
    const { baseURL, store, lines } = await startFromConfigObject();
    expect((await chatStatus(baseURL)).status).toBe(200);
    const whole = readFileSync(store, "utf8");
    const before = lines.length;
    rmSync(store);
    // Longer than the watcher's debounce, well within the time a gone file gets to come back.
    await pause(300);
    writeFileSync(store, whole, { mode: 0o600 });
    const readAgain = `gateway: keys read again: ${store} (the credential store) changed`;
    await eventually(() => lines.slice(before).includes(readAgain), 5000, "the keys read again");
    const said = lines.slice(before);
    expect(said.join("\n")).not.toContain("no API key now");
    expect(said.filter((line) => line.startsWith("gateway: keys read again"))).toEqual([readAgain]);
    expect((await chatStatus(baseURL)).status).toBe(200);
  });
});

describe("a credential store made unreadable, then readable again, under a gateway given its config as an object", () => {
  it.skipIf(asRoot)("says the keys are read again once it is readable", async () => {
    const { baseURL, store, lines } = await startFromConfigObject();
    expect((await chatStatus(baseURL)).status).toBe(200);
    chmodSync(store, 0o000);
    const denied = `keys not read again, still serving ${KEPT_KEYS}: could not read the credential store ${store}: permission denied`;
    await eventually(
      () => lines.some((line) => line.includes(denied)),
      5000,
      "the unreadable store",
    );
    const before = lines.length;
    chmodSync(store, 0o600);
    // Before, nothing was said: the line above stayed the log's last word on the store.
    const readAgain = `gateway: keys read again: ${store} (the credential store) changed`;
    await eventually(() => lines.slice(before).includes(readAgain), 5000, "the keys read again");
    expect((await chatStatus(baseURL)).status).toBe(200);
  });
});
