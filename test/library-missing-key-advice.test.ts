/**
 * A program that opens its runtime from a config object, or for another agent than `main`, and
 * has no key for the provider: the error's hint tells it what to pass, and its command (if any)
 * stores the key where that runtime reads it. Before, the config object's hint ended in
 * `run: OPENCLAW_STATE_DIR=… OPENCLAW_CONFIG_PATH='…/(the config object given)' openclaw onboard`,
 * a made-up file, and never named the object's apiKey or the `env` it was given; another agent's
 * ended in an onboard command, which stores agent main's keys only, so the next run failed alike.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  agentDir,
  isOpenClawError,
  type OpenRuntimeOptions,
  openRuntime,
  resolveModel,
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

async function missingKeyHint(options: OpenRuntimeOptions): Promise<string> {
  try {
    await openRuntime(options).runtime.complete(ask);
  } catch (error) {
    if (isOpenClawError(error) && error.code === "provider.auth") return error.hint ?? "";
    throw error;
  }
  throw new Error("the run did not fail");
}

/** Runs `command` as pasted into a shell whose `openclaw` is this build, with a home of its own. */
function runInShell(command: string): void {
  const bin = tempDir("w6-bin-");
  const openclaw = join(bin, "openclaw");
  writeFileSync(openclaw, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(openclaw, 0o755);
  execFileSync("/bin/sh", ["-c", `${command} 2>&1`], {
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: tempDir("w6-home-"), NO_COLOR: "1" },
    encoding: "utf8",
    stdio: "pipe",
    timeout: 50_000,
  });
}

describe("the missing key's hint of a program's runtime", () => {
  it("from a config object names its apiKey and env, and a command that stores the key it reads", async () => {
    const dir = tempDir("w6-state-");
    const options = {
      config: { models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } } },
      env: { OPENCLAW_STATE_DIR: dir },
    };
    const hint = await missingKeyHint(options);
    expect(hint).not.toContain("(the config object given)");
    expect(hint).toContain(
      "or pass the key in the config object openRuntime is given (models.providers.moonshot.apiKey), or MOONSHOT_API_KEY in the env openRuntime is given",
    );
    const command = /; or run: (.*)$/.exec(hint)?.[1] ?? "";
    expect(command).toBe(`OPENCLAW_STATE_DIR=${dir} openclaw onboard`);
    runInShell(
      `OPENCLAW_MOONSHOT_AI_BASE_URL=${sim.moonshotBaseUrl} ${command} --auth-choice moonshot-api-key --non-interactive --accept-risk --moonshot-api-key ${sim.keys.moonshot}`,
    );
    await expect(openRuntime(options).runtime.complete(ask)).resolves.toBeDefined();
    // `missingKey`, which a program asks before it takes input, says the same.
    const opened = openRuntime({ ...options, env: { OPENCLAW_STATE_DIR: tempDir("w6-empty-") } });
    const early = opened.missingKey(resolveModel(opened.catalog, ask.model));
    expect(early?.hint).toContain("(models.providers.moonshot.apiKey)");
  }, 60_000);

  it("for another agent names that agent's store, not onboard, which stores main's", async () => {
    const dir = tempDir("w6-state-");
    const config = { models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } } };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
    const env = { OPENCLAW_STATE_DIR: dir };
    const hint = await missingKeyHint({ agentId: "worker", env });
    const store = join(agentDir(dir, "worker"), "auth-profiles.json");
    expect(hint).toContain("MOONSHOT_API_KEY in the env openRuntime is given");
    expect(hint).toContain(`store auth profile "moonshot:default" in ${store}`);
    expect(hint).not.toContain("run: ");
    // Done as it says, the agent's next run has its key.
    updateAuthStore(agentDir(dir, "worker"), (current) => ({
      ...current,
      profiles: {
        ...current.profiles,
        "moonshot:default": { type: "api_key", provider: "moonshot", key: sim.keys.moonshot },
      },
    }));
    await expect(
      openRuntime({ agentId: "worker", env }).runtime.complete(ask),
    ).resolves.toBeDefined();
  });

  it("of a gateway from a config object names its apiKey and env, and onboard in its state dir", async () => {
    const dir = tempDir("w6-state-");
    const gateway = await startGateway({
      port: 0,
      watch: false,
      config: {
        models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
        gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
      },
      env: { OPENCLAW_STATE_DIR: dir },
    });
    try {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: ask.model, messages: ask.request.messages }),
      });
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toContain(
        `or pass the key in the config object startGateway is given (models.providers.moonshot.apiKey), or MOONSHOT_API_KEY in the env startGateway is given; or run: OPENCLAW_STATE_DIR=${dir} openclaw onboard`,
      );
    } finally {
      await gateway.close();
    }
  });

  it("of openRuntime() for agent main from a file stays the CLI's onboard command", async () => {
    const dir = tempDir("w6-state-");
    const hint = await missingKeyHint({
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl },
    });
    expect(hint).toMatch(
      new RegExp(
        `; or run: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key$`,
      ),
    );
  });
});
