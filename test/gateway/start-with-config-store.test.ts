/**
 * `startGateway({ config })` from the package entry, while `openclaw onboard --non-interactive`
 * stores a key: the config object is not read again, but the credential store is watched as a
 * file-config gateway watches it, so `/v1/models` lists the provider onboarding gave a key and
 * its requests are answered. Before, the store was not watched: the models stayed unlisted until
 * a restart. The file-config gateway did not see a store made in an agent directory that was not
 * there at its start either (onboarding's config edit reloaded it; a store written alone did
 * not). Real sockets: the simulator, the gateway in this process and the built CLI.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentDir,
  type LoadedConfig,
  startGateway,
  withApiKeyProfile,
  writeAuthStore,
} from "../../src/index.js";
import { waitFor } from "../helpers/wait.js";
import { freshState, MOONSHOT_KEY, ONBOARD_MOONSHOT } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-store-watch-0001";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

async function listed(url: string): Promise<string[]> {
  const res = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = (await res.json()) as { data: { id: string }[] };
  return body.data.map((model) => model.id);
}

/** Whether /v1/models lists moonshot/kimi-k2.5 within 10 s. */
function listsKimiSoon(url: string): Promise<boolean> {
  return waitFor(async () => (await listed(url)).includes("moonshot/kimi-k2.5"), 10_000);
}

/** The simulator's Moonshot with K2.5 as the primary, and the gateway's token; no key. */
function moonshotConfig() {
  return {
    models: {
      providers: {
        moonshot: { baseUrl: sim.moonshotBaseUrl, models: [{ id: "kimi-k2.5", name: "K2.5" }] },
      },
    },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
    gateway: { auth: { mode: "token", token: TOKEN } },
  };
}

/** What `openclaw onboard` stores for Moonshot, written through the library. */
function storeMoonshotKey(stateDir: string): void {
  writeAuthStore(
    agentDir(stateDir),
    withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
      key: MOONSHOT_KEY,
    }),
  );
}

describe("startGateway({ config }) and the credential store", () => {
  it("lists a provider's models once onboarding stores its key, while it runs", async () => {
    // A state dir onboarding has not made anything in yet: no agents/main/agent to watch.
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const lines: string[] = [];
    const gateway = await startGateway({
      port: 0,
      config: moonshotConfig(),
      env: { OPENCLAW_STATE_DIR: state.dir, HOME: state.dir },
      log: (line) => lines.push(line),
    });
    try {
      expect(gateway.reloads).toBe(false);
      expect(lines).toContain(
        "gateway: serving the config object given (startGateway's config): hot reload is off, edits apply when a gateway is started with the new config; keys stored in the credential store apply as they are saved",
      );
      expect(await listed(gateway.url)).not.toContain("moonshot/kimi-k2.5");

      const onboard = await state.run([...ONBOARD_MOONSHOT]);
      expect(onboard.code).toBe(0);
      expect(state.store().profiles["moonshot:default"]).toMatchObject({ key: MOONSHOT_KEY });

      expect(await listsKimiSoon(gateway.url)).toBe(true);
      expect(lines).toContain(
        `gateway: keys read again: ${state.storePath} (the credential store) changed`,
      );
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.5",
          messages: [{ role: "user", content: "hi" }],
        }),
      });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { choices: { message: { content: string } }[] };
      expect(answer.choices[0]?.message.content).toBe("Echo: hi");
    } finally {
      await gateway.close();
    }
  });

  it("tells onReloaded, with the config object it serves, once the keys are read again", async () => {
    const state = freshState();
    const served: LoadedConfig[] = [];
    const gateway = await startGateway({
      port: 0,
      config: moonshotConfig(),
      env: { OPENCLAW_STATE_DIR: state.dir, HOME: state.dir },
      onReloaded: (config) => served.push(config),
    });
    try {
      expect(served).toEqual([]);
      storeMoonshotKey(state.dir);
      expect(await listsKimiSoon(gateway.url)).toBe(true);
      // Before, only a file-config gateway's reload told it: a caller had nothing to re-check on.
      expect(await waitFor(() => served.length > 0, 5000)).toBe(true);
      expect(served.at(-1)?.config.agents?.defaults?.model).toEqual({
        primary: "moonshot/kimi-k2.5",
      });
    } finally {
      await gateway.close();
    }
  });

  it("a file-config gateway lists them too when the store is written alone into a fresh state dir", async () => {
    const state = freshState();
    writeFileSync(state.configPath, JSON.stringify(moonshotConfig()));
    const lines: string[] = [];
    const gateway = await startGateway({
      port: 0,
      env: { OPENCLAW_STATE_DIR: state.dir, HOME: state.dir },
      log: (line) => lines.push(line),
    });
    try {
      expect(await listed(gateway.url)).not.toContain("moonshot/kimi-k2.5");
      // What `openclaw onboard` stores, written through the library: no config edit comes with it.
      storeMoonshotKey(state.dir);
      expect(await listsKimiSoon(gateway.url)).toBe(true);
      expect(lines).toContain(
        `gateway: config reloaded from ${state.configPath} (${join(state.dir, "agents", "main", "agent", "auth-profiles.json")} (the credential store) changed)`,
      );
    } finally {
      await gateway.close();
    }
  });

  it("a file-config gateway names the store and the config when both are written at once into a fresh state dir", async () => {
    const state = freshState();
    writeFileSync(state.configPath, JSON.stringify(moonshotConfig()));
    const lines: string[] = [];
    const gateway = await startGateway({
      port: 0,
      env: { OPENCLAW_STATE_DIR: state.dir, HOME: state.dir },
      log: (line) => lines.push(line),
    });
    try {
      // As onboarding does: the key stored (the agent's directory made for it) and the config
      // edited in one burst, which the watcher reports as the config and a new directory.
      storeMoonshotKey(state.dir);
      const config = moonshotConfig();
      writeFileSync(
        state.configPath,
        JSON.stringify({
          ...config,
          agents: {
            defaults: {
              ...config.agents.defaults,
              models: { "moonshot/kimi-k2.5": { alias: "K" } },
            },
          },
        }),
      );
      expect(await listsKimiSoon(gateway.url)).toBe(true);
      const store = join(state.dir, "agents", "main", "agent", "auth-profiles.json");
      const reloaded = `gateway: config reloaded from ${state.configPath} (`;
      expect(await waitFor(() => lines.some((line) => line.startsWith(reloaded)), 10_000)).toBe(
        true,
      );
      // Before, the line named the config alone, and the key it lists seemed to come from it.
      const line = lines.filter((each) => each.startsWith(reloaded));
      expect(line.join("\n")).toContain(`${store} (the credential store)`);
      expect(line.join("\n")).not.toContain("(included)");
    } finally {
      await gateway.close();
    }
  });
});
