/**
 * A program's runtime or gateway that reads another config file than the shell's `openclaw`
 * edits (`openRuntime({ configPath })`, an `env` whose OPENCLAW_STATE_DIR points elsewhere): with
 * no default model, its advice names that file (`OPENCLAW_CONFIG_PATH=… openclaw models set …`),
 * and the command, pasted into a shell, sets the default that program reads. Before, it said
 * "run: openclaw models set …", which edited ~/.openclaw/openclaw.json. A gateway started with
 * `watch: false` says to restart it, not that it picks the edit up by itself.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOpenClawError, openRuntime, startGateway } from "../src/index.js";
import { CLI } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

/** The hint a run without a model fails with. */
async function noDefaultHint(runtime: ReturnType<typeof openRuntime>["runtime"]): Promise<string> {
  try {
    await runtime.complete({ request: { messages: [{ role: "user", content: "Hi" }] } });
  } catch (error) {
    if (isOpenClawError(error) && error.code === "model.no_default") return error.hint ?? "";
    throw error;
  }
  throw new Error("the run did not fail");
}

/**
 * Runs `command` as a person pastes it into a shell whose `openclaw` is this build and whose home
 * is a directory of its own (so a plain `openclaw models set` edits another file than the test's).
 */
function runInShell(command: string): string {
  const bin = tempDir("p1-bin-");
  const openclaw = join(bin, "openclaw");
  writeFileSync(openclaw, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(openclaw, 0o755);
  // Its output, warnings (stderr) included.
  return execFileSync("/bin/sh", ["-c", `${command} 2>&1`], {
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: tempDir("p1-home-"), NO_COLOR: "1" },
    encoding: "utf8",
    stdio: "pipe",
    timeout: 50_000,
  });
}

/** The `openclaw models set …` command a hint says to run, with the words before it. */
function modelsSetCommand(hint: string): string {
  const command = /run: (.*?openclaw models set \S+)/.exec(hint)?.[1];
  if (command === undefined) throw new Error(`no models set command in: ${hint}`);
  return command;
}

describe("openRuntime reading another config file than the shell's", () => {
  it("given configPath, says to run models set on that file, which then sets its default", async () => {
    const dir = tempDir("p1-runtime-");
    const configPath = join(dir, "my config.json");
    writeFileSync(configPath, "{}\n");
    const env = { OPENCLAW_STATE_DIR: dir, KIMI_API_KEY: "sk-kimi-test-0001" };
    const hint = await noDefaultHint(openRuntime({ configPath, env }).runtime);
    // Before: "run: openclaw models set kimi-code/kimi-for-coding   (…)".
    const named = `OPENCLAW_STATE_DIR=${dir} OPENCLAW_CONFIG_PATH='${configPath}' openclaw`;
    expect(hint).toBe(
      `run: ${named} models set kimi-code/kimi-for-coding   (kimi-code has a key; ${named} models list shows its other models)`,
    );
    runInShell(modelsSetCommand(hint));
    const reopened = openRuntime({ configPath, env });
    expect(JSON.stringify(reopened.loaded.config.agents?.defaults?.model)).toContain(
      "kimi-code/kimi-for-coding",
    );
  }, 60_000);

  it("given an env whose OPENCLAW_STATE_DIR is another, names that state dir", async () => {
    const dir = tempDir("p1-runtime-");
    const env = { OPENCLAW_STATE_DIR: dir, KIMI_API_KEY: "sk-kimi-test-0001" };
    const hint = await noDefaultHint(openRuntime({ env }).runtime);
    expect(hint).toContain(
      `run: OPENCLAW_STATE_DIR=${dir} openclaw models set kimi-code/kimi-for-coding`,
    );
    runInShell(modelsSetCommand(hint));
    expect(JSON.stringify(openRuntime({ env }).loaded.config.agents?.defaults?.model)).toContain(
      "kimi-code/kimi-for-coding",
    );
  }, 60_000);

  it("with its key stored in that state dir, the command finds the key: no warning that there is none", async () => {
    const dir = tempDir("p1-runtime-");
    writeFileSync(join(dir, "openclaw.json"), "{}\n");
    const store = join(dir, "agents", "main", "agent");
    mkdirSync(store, { recursive: true });
    writeFileSync(
      join(store, "auth-profiles.json"),
      JSON.stringify({
        version: 1,
        profiles: {
          "kimi-code:default": { type: "api_key", provider: "kimi-code", key: "sk-kimi-test-0001" },
        },
      }),
      { mode: 0o600 },
    );
    const env = { OPENCLAW_STATE_DIR: dir };
    const hint = await noDefaultHint(openRuntime({ env }).runtime);
    expect(hint).toContain("kimi-code has a key");
    const said = runInShell(modelsSetCommand(hint));
    // Before: the command edited the file but read the shell's keys: "warning: no usable key for
    // kimi-code, … run: openclaw onboard …", which would store a key where this program never reads.
    expect(said).toContain("default model: kimi-code/kimi-for-coding");
    expect(said).not.toContain("no usable key");
    expect(JSON.stringify(openRuntime({ env }).loaded.config.agents?.defaults?.model)).toContain(
      "kimi-code/kimi-for-coding",
    );
  }, 60_000);

  it("with no key anywhere, onboarding is told to store its key in that state dir", async () => {
    const dir = tempDir("p1-runtime-");
    const hint = await noDefaultHint(openRuntime({ env: { OPENCLAW_STATE_DIR: dir } }).runtime);
    expect(hint).toBe(
      `run: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key)`,
    );
  });

  it("reading the file the shell's openclaw edits, keeps the plain command", async () => {
    const dir = tempDir("p1-runtime-");
    const before = process.env.OPENCLAW_STATE_DIR;
    process.env.OPENCLAW_STATE_DIR = dir;
    try {
      const env = { OPENCLAW_STATE_DIR: dir, KIMI_API_KEY: "sk-kimi-test-0001" };
      const hint = await noDefaultHint(openRuntime({ env }).runtime);
      expect(hint).toMatch(/^run: openclaw models set kimi-code\/kimi-for-coding {3}\(/);
    } finally {
      if (before === undefined) delete process.env.OPENCLAW_STATE_DIR;
      else process.env.OPENCLAW_STATE_DIR = before;
    }
  });
});

describe("startGateway with an env pointing at another state dir", () => {
  const TOKEN = "test-gateway-token-p1-0001";
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });

  /** A state dir whose config serves moonshot from the simulator, with no default model. */
  function stateWithoutDefault(): { dir: string; env: Record<string, string> } {
    const dir = tempDir("p1-gateway-");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({
        models: {
          providers: {
            moonshot: { baseUrl: sim.moonshotBaseUrl, models: [{ id: "kimi-k2.5", name: "K2.5" }] },
          },
        },
        gateway: { auth: { mode: "token", token: TOKEN } },
      }),
    );
    return { dir, env: { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: sim.keys.moonshot } };
  }

  async function askForOpenclaw(url: string): Promise<{ status: number; text: string }> {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hi" }] }),
    });
    return { status: res.status, text: await res.text() };
  }

  it("started with watch: false, names the file to edit and says to restart it; the command then works", async () => {
    const { dir, env } = stateWithoutDefault();
    const gateway = await startGateway({ port: 0, env, watch: false });
    try {
      const refused = await askForOpenclaw(gateway.url);
      expect(refused.status).toBe(404);
      const message = (JSON.parse(refused.text) as { error: { message: string } }).error.message;
      // Before: "run: openclaw models set moonshot/kimi-k2.5 (moonshot has a key); the gateway
      // picks it up without a restart", of another file, and nothing would pick it up.
      expect(message).toContain(
        `to set one, run: OPENCLAW_STATE_DIR=${dir} openclaw models set moonshot/kimi-k2.5 (moonshot has a key); then restart the gateway (started with watch: false, it rereads its config only when restarted or its reload() is called)`,
      );
      expect(message).not.toContain("without a restart");
      runInShell(modelsSetCommand(message));
      expect(gateway.reload()).toBe(true);
      const served = await askForOpenclaw(gateway.url);
      expect(served.status).toBe(200);
      expect(served.text).toContain("Echo: hi");
    } finally {
      await gateway.close();
    }
  }, 60_000);

  it("watching its config, names the file and says the edit is picked up", async () => {
    const { dir, env } = stateWithoutDefault();
    const gateway = await startGateway({ port: 0, env });
    try {
      const message = (await askForOpenclaw(gateway.url)).text;
      expect(message).toContain(
        `to set one, run: OPENCLAW_STATE_DIR=${dir} openclaw models set moonshot/kimi-k2.5 (moonshot has a key); the gateway picks it up without a restart`,
      );
    } finally {
      await gateway.close();
    }
  });
});
