/**
 * A program's runtime (or gateway) made from a config object whose key the provider refuses: the
 * hint says the object and its env are read when openRuntime (startGateway) is called, and its
 * onboard command stores a key where that runtime reads it. Before, it said '(read when openclaw
 * starts)' of an object no openclaw start reads, and 'openclaw onboard …' without the state dir
 * the program passed, which stored the key in the shell's own state dir: done as told, the
 * program failed the same way.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  isOpenClawError,
  type OpenClawConfig,
  type OpenRuntimeOptions,
  openRuntime,
  startGateway,
  updateAuthStore,
} from "../src/index.js";
import { CLI } from "./helpers/cli.js";
import { withSimulator } from "./helpers/file-simulator.js";
import { tempDir } from "./helpers/tmp.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const ask = {
  model: "moonshot/kimi-k2.5",
  request: { messages: [{ role: "user" as const, content: "Hi" }] },
};
const WRONG_KEY = "sk-test-moonshot-ai-9999";

function configWithKey(apiKey: string): OpenClawConfig {
  return { models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey } } } };
}

/** The state dir the program passes, with the simulator standing in for Moonshot's API. */
function programEnv(stateDir: string): Record<string, string> {
  return { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl };
}

async function refusedKeyHint(runtime: ReturnType<typeof openRuntime>["runtime"]): Promise<string> {
  try {
    await runtime.complete(ask);
  } catch (error) {
    if (isOpenClawError(error) && error.code === "provider.auth") return error.hint ?? "";
    throw error;
  }
  throw new Error("the run did not fail");
}

/** Runs `command` as pasted into a shell whose `openclaw` is this build, with a home of its own. */
function runInShell(command: string): void {
  const bin = tempDir("x1-bin-");
  const openclaw = join(bin, "openclaw");
  writeFileSync(openclaw, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(openclaw, 0o755);
  execFileSync("/bin/sh", ["-c", `${command} 2>&1`], {
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: tempDir("x1-home-"), NO_COLOR: "1" },
    encoding: "utf8",
    stdio: "pipe",
    timeout: 50_000,
  });
}

describe("a refused key of a program's runtime", () => {
  it("from a config object says the object is read when openRuntime is called, and onboard stores a key it reads", async () => {
    const dir = tempDir("x1-state-");
    const options: OpenRuntimeOptions = { config: configWithKey(WRONG_KEY), env: programEnv(dir) };
    const { runtime } = openRuntime(options);
    const hint = await refusedKeyHint(runtime);
    expect(hint).not.toContain("read when openclaw starts");
    expect(hint).toContain(
      "put the right key in the config object openRuntime is given, at models.providers.moonshot.apiKey (read when openRuntime is called: call it again with the new one)",
    );
    const command = /, or store one with: (.*), which the next request uses at once$/.exec(
      hint,
    )?.[1];
    expect(command).toBe(
      `OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key`,
    );
    // The next request repeats it.
    expect(await refusedKeyHint(runtime)).toBe(hint);
    // Done as it says, the same runtime's next request has a key that works.
    runInShell(
      `OPENCLAW_MOONSHOT_AI_BASE_URL=${sim.moonshotBaseUrl} ${command} --non-interactive --accept-risk --moonshot-api-key ${sim.keys.moonshot}`,
    );
    await expect(runtime.complete(ask)).resolves.toBeDefined();
    // So does the other way it names: the right key in the object, passed to openRuntime again.
    const fresh = { ...options, env: programEnv(tempDir("x1-empty-")) };
    await expect(
      openRuntime({ ...fresh, config: configWithKey(sim.keys.moonshot) }).runtime.complete(ask),
    ).resolves.toBeDefined();
  }, 60_000);

  it("from a config object names MOONSHOT_API_KEY in the env the program passes", async () => {
    const env = { ...programEnv(tempDir("x1-state-")), MOONSHOT_API_KEY: WRONG_KEY };
    const config = { models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } } };
    const hint = await refusedKeyHint(openRuntime({ config, env }).runtime);
    expect(hint).toContain(
      "put the right key in MOONSHOT_API_KEY in the env openRuntime is given (read when openRuntime is called",
    );
  });

  it("of a gateway from a config object says the object is read when startGateway is called", async () => {
    const dir = tempDir("x1-state-");
    const gateway = await startGateway({
      port: 0,
      watch: false,
      config: {
        ...configWithKey(WRONG_KEY),
        gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
      },
      env: programEnv(dir),
    });
    try {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: ask.model, messages: ask.request.messages }),
      });
      const body = JSON.stringify(await response.json());
      expect(body).not.toContain("read when openclaw starts");
      expect(body).toContain(
        "the config object startGateway is given, at models.providers.moonshot.apiKey (read when startGateway is called",
      );
      expect(body).toContain(
        `OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key`,
      );
      expect(body).not.toContain("9999");
    } finally {
      await gateway.close();
    }
  });

  it("read from a file in the program's state dir: the CLI's words, its onboard command with that dir", async () => {
    const dir = tempDir("x1-state-");
    const file = join(dir, "openclaw.json");
    writeFileSync(file, JSON.stringify(configWithKey(WRONG_KEY)));
    const { runtime } = openRuntime({ configPath: file, env: programEnv(dir) });
    const hint = await refusedKeyHint(runtime);
    // Before, a bare 'openclaw onboard', which stored the key in the shell's state dir; and
    // '(read when openclaw starts)', while openRuntime reads the file when it is called.
    expect(hint).toBe(
      `put the right key in models.providers.moonshot.apiKey (read when openRuntime is called: call it again with the new one), or store one with: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key, which the next request uses at once`,
    );
    // Done as it says the first way, a runtime opened again from the file answers.
    writeFileSync(file, JSON.stringify(configWithKey(sim.keys.moonshot)));
    await expect(
      openRuntime({ configPath: file, env: programEnv(tempDir("x1-empty-")) }).runtime.complete(
        ask,
      ),
    ).resolves.toBeDefined();
    writeFileSync(file, JSON.stringify(configWithKey(WRONG_KEY)));
    const command = /, or store one with: (.*), which the next request uses at once$/.exec(
      hint,
    )?.[1];
    runInShell(
      `OPENCLAW_MOONSHOT_AI_BASE_URL=${sim.moonshotBaseUrl} ${command} --non-interactive --accept-risk --moonshot-api-key ${sim.keys.moonshot}`,
    );
    // Done as it says, the next request uses the stored key (a profile comes before apiKey).
    await expect(runtime.complete(ask)).resolves.toBeDefined();
  }, 60_000);

  it("of a gateway read from a file in the program's state dir names that dir to its client", async () => {
    const dir = tempDir("x1-state-");
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({
        ...configWithKey(WRONG_KEY),
        gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
      }),
    );
    const gateway = await startGateway({ port: 0, watch: false, env: programEnv(dir) });
    try {
      const ask2 = async (model: string) => {
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model, messages: ask.request.messages }),
        });
        return JSON.stringify(await response.json());
      };
      // A refused key and a missing one (Kimi Code has none) both carry the state dir.
      expect(await ask2(ask.model)).toContain(
        `or store one with: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key`,
      );
      expect(await ask2("kimi-code/kimi-for-coding")).toContain(
        `or run: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice kimi-code-api-key`,
      );
    } finally {
      await gateway.close();
    }
  });

  it("for another agent than main, read from files, names that agent's auth-profiles.json, not onboard", async () => {
    const dir = tempDir("x1-state-");
    const file = join(dir, "openclaw.json");
    writeFileSync(file, JSON.stringify(configWithKey(WRONG_KEY)));
    const { runtime } = openRuntime({ agentId: "work", configPath: file, env: programEnv(dir) });
    const hint = await refusedKeyHint(runtime);
    // onboard stores agent main's keys: done as told, this runtime failed the same way.
    expect(hint).not.toMatch(/store one with: .*openclaw onboard/);
    expect(hint).not.toContain("read when openclaw starts");
    const store = join(dir, "agents", "work", "agent");
    expect(hint).toBe(
      `put the right key in models.providers.moonshot.apiKey (read when openRuntime is called: call it again with the new one), or store one in ${store}/auth-profiles.json (updateAuthStore writes it; openclaw onboard stores agent main's keys only), which the next request uses at once`,
    );
    // Done as it says, the same runtime's next request has a key that works.
    updateAuthStore(store, (current) => ({
      ...current,
      profiles: {
        ...current.profiles,
        "moonshot:default": { type: "api_key", provider: "moonshot", key: sim.keys.moonshot },
      },
    }));
    await expect(runtime.complete(ask)).resolves.toBeDefined();
  });

  it("for another agent's stored profile names the profile in that agent's file", async () => {
    const dir = tempDir("x1-state-");
    const file = join(dir, "openclaw.json");
    writeFileSync(
      file,
      JSON.stringify({ models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } } }),
    );
    const store = join(dir, "agents", "work", "agent");
    mkdirSync(store, { recursive: true });
    updateAuthStore(store, (current) => ({
      ...current,
      profiles: { "moonshot:default": { type: "api_key", provider: "moonshot", key: WRONG_KEY } },
    }));
    const hint = await refusedKeyHint(
      openRuntime({ agentId: "work", configPath: file, env: programEnv(dir) }).runtime,
    );
    expect(hint).toBe(
      `put the right key in auth profile "moonshot:default" of ${store}/auth-profiles.json (updateAuthStore writes it; openclaw onboard stores agent main's keys only); the next request uses it at once`,
    );
  });
});
