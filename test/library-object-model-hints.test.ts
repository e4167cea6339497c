/**
 * A runtime made from a config object, asked for a model its object does not offer or allow: the
 * hint says to change the object. Before, it ended `or run: openclaw models set moonshot/kimi-k2.6`
 * (or `openclaw models scan --provider moonshot --add`), which edits the shell's openclaw.json, a
 * file such a runtime never reads: done as told, the program's next run failed the same way.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOpenClawError, type OpenClawConfig, openRuntime } from "../src/index.js";
import { CLI } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

function configFor(baseUrl: string, apiKey: string): OpenClawConfig {
  return {
    models: {
      providers: {
        moonshot: { baseUrl, apiKey, models: [{ id: "kimi-k2.6", name: "Kimi K2.6" }] },
      },
    },
    agents: { defaults: { models: { "moonshot/kimi-k2.5": {} } } },
  };
}

async function refusal(
  options: Parameters<typeof openRuntime>[0],
  model: string,
): Promise<{ code: string; hint: string }> {
  try {
    await openRuntime(options).runtime.complete({
      model,
      request: { messages: [{ role: "user", content: "Hi" }] },
    });
  } catch (error) {
    if (isOpenClawError(error)) return { code: error.code, hint: error.hint ?? "" };
    throw error;
  }
  throw new Error("the run did not fail");
}

describe("a model a config object does not offer or allow", () => {
  it("is to be added to the object, not by an openclaw command", async () => {
    const options = {
      config: configFor(sim.moonshotBaseUrl, sim.keys.moonshot),
      env: { OPENCLAW_STATE_DIR: tempDir("w6-state-") },
    };
    const notAllowed = await refusal(options, "moonshot/kimi-k2.6");
    expect(notAllowed.code).toBe("model.not_allowed");
    expect(notAllowed.hint).toBe(
      'add "moonshot/kimi-k2.6": {} under agents.defaults.models in the config object given, then open the runtime (or start the gateway) again with it',
    );
    const unknown = await refusal(options, "moonshot/kimi-k2.9");
    expect(unknown.code).toBe("model.unknown");
    expect(unknown.hint).toContain(
      "add it under models.providers.moonshot.models in the config object given",
    );
    expect(unknown.hint).not.toContain("openclaw models");
    // Done as the hint says, a new runtime answers.
    const config = configFor(sim.moonshotBaseUrl, sim.keys.moonshot);
    const allowlist = config.agents?.defaults?.models ?? {};
    allowlist["moonshot/kimi-k2.6"] = {};
    const answer = await openRuntime({ ...options, config }).runtime.complete({
      model: "moonshot/kimi-k2.6",
      request: { messages: [{ role: "user", content: "Hi" }] },
    });
    expect(answer.model).toBe("moonshot/kimi-k2.6");
  });

  it("names a provider the object does not have, to be added there, not openclaw models list", async () => {
    // `openclaw models list --all` lists the shell's config, which has no say in this runtime.
    const options = {
      config: configFor(sim.moonshotBaseUrl, sim.keys.moonshot),
      env: { OPENCLAW_STATE_DIR: tempDir("w6-state-") },
    };
    const unknown = await refusal(options, "vllm/qwen3");
    expect(unknown.code).toBe("model.unknown_provider");
    expect(unknown.hint).toBe(
      "add it under models.providers.vllm (its baseUrl, apiKey and models) in the config object given, then open the runtime (or start the gateway) again with it",
    );
    // Done as the hint says, a new runtime answers.
    const config = configFor(sim.moonshotBaseUrl, sim.keys.moonshot);
    const providers = config.models?.providers ?? {};
    providers.vllm = {
      baseUrl: sim.moonshotBaseUrl,
      apiKey: sim.keys.moonshot,
      // The simulator answers for Moonshot's model ids.
      models: [{ id: "kimi-k2.5", name: "Kimi K2.5 served by vLLM" }],
    };
    const allowlist = config.agents?.defaults?.models ?? {};
    allowlist["vllm/kimi-k2.5"] = {};
    const answer = await openRuntime({ ...options, config }).runtime.complete({
      model: "vllm/kimi-k2.5",
      request: { messages: [{ role: "user", content: "Hi" }] },
    });
    expect(answer.model).toBe("vllm/kimi-k2.5");
  });

  it("a name that is no ref or alias is made an alias in the object, not by openclaw models aliases add", async () => {
    // Before: 'make the name an alias: openclaw models aliases add "Kimi K2.6" moonshot/kimi-k2.6',
    // 'see those you can with: openclaw models list', both about the shell's file.
    const options = {
      config: configFor(sim.moonshotBaseUrl, sim.keys.moonshot),
      env: { OPENCLAW_STATE_DIR: tempDir("w6-state-") },
    };
    const notOffered = await refusal(options, "Kimi K2.6");
    expect(notOffered.code).toBe("model.unknown");
    expect(notOffered.hint).toBe(
      '"Kimi K2.6" is the name of moonshot/kimi-k2.6, which the config object given does not offer (agents.defaults.models does not list it): add "moonshot/kimi-k2.6": {} under agents.defaults.models in the config object given, then open the runtime (or start the gateway) again with it, and name it by its ref',
    );
    const unnamed = await refusal(options, "my model");
    expect(unnamed.hint).toBe(
      'name the model by its ref ("provider/model"), or make "my model" an alias: add "<provider/model>": { alias: "my model" } under agents.defaults.models in the config object given, then open the runtime (or start the gateway) again with it',
    );
    // Allowed, the name is a slip of its model's: made an alias as the hint says, it answers.
    const config = configFor(sim.moonshotBaseUrl, sim.keys.moonshot);
    const allowlist = config.agents?.defaults?.models ?? {};
    allowlist["moonshot/kimi-k2.6"] = {};
    const named = await refusal({ ...options, config }, "Kimi K2.6");
    expect(named.hint).toBe(
      'write the ref, e.g. "moonshot/kimi-k2.6", or make the name an alias: add "moonshot/kimi-k2.6": { alias: "Kimi K2.6" } under agents.defaults.models in the config object given, then open the runtime (or start the gateway) again with it',
    );
    for (const hint of [notOffered.hint, unnamed.hint, named.hint])
      expect(hint).not.toContain("openclaw models");
    allowlist["moonshot/kimi-k2.6"] = { alias: "Kimi K2.6" };
    const answer = await openRuntime({ ...options, config }).runtime.complete({
      model: "Kimi K2.6",
      request: { messages: [{ role: "user", content: "Hi" }] },
    });
    expect(answer.model).toBe("moonshot/kimi-k2.6");
  });

  it("read from a file is still added with the CLI's command, which edits that file", async () => {
    const dir = tempDir("w6-state-");
    const file = join(dir, "openclaw.json");
    writeFileSync(file, JSON.stringify(configFor(sim.moonshotBaseUrl, sim.keys.moonshot)));
    const options = { configPath: file, env: { OPENCLAW_STATE_DIR: dir } };
    // The runtime reads the state dir its env names, not the shell's: each command carries it.
    // Before, a bare 'openclaw models set …' edited the shell's openclaw.json, and 'openclaw
    // models list --all' listed it, not the file this runtime read.
    const { hint } = await refusal(options, "moonshot/kimi-k2.6");
    expect(hint).toBe(
      `add "moonshot/kimi-k2.6": {} under agents.defaults.models, or run: OPENCLAW_STATE_DIR=${dir} openclaw models set moonshot/kimi-k2.6`,
    );
    const unknown = await refusal(options, "vllm/qwen3");
    expect(unknown.hint).toBe(
      `list providers with: OPENCLAW_STATE_DIR=${dir} openclaw models list --all`,
    );
    // Pasted into a shell, the list is of this runtime's file (its kimi-k2.6 is there)...
    const listed = runInShell(/list providers with: (.*)$/.exec(unknown.hint)?.[1] ?? "");
    expect(listed).toContain("moonshot/kimi-k2.6");
    // ...and `models set` edits that file: a runtime opened again answers with the model.
    runInShell(/or run: (.*)$/.exec(hint)?.[1] ?? "");
    const answer = await openRuntime(options).runtime.complete({
      model: "moonshot/kimi-k2.6",
      request: { messages: [{ role: "user", content: "Hi" }] },
    });
    expect(answer.model).toBe("moonshot/kimi-k2.6");
  }, 60_000);
});

/** Runs `command` as pasted into a shell whose `openclaw` is this build, with a home of its own. */
function runInShell(command: string): string {
  const bin = tempDir("w6-bin-");
  const openclaw = join(bin, "openclaw");
  writeFileSync(openclaw, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(openclaw, 0o755);
  return execFileSync("/bin/sh", ["-c", `${command} 2>&1`], {
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: tempDir("w6-home-"), NO_COLOR: "1" },
    encoding: "utf8",
    stdio: "pipe",
    timeout: 50_000,
  });
}
