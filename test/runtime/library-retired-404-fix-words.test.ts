/**
 * A program's runtime (`openRuntime`) whose model answers 404 for an id openclaw's built-in list
 * marks retired: the hint's fix reaches the config the runtime read. Given a config OBJECT, it is
 * the edit of that object (no `openclaw` command reaches it) and where the key's ids are listed;
 * from a config file in a state dir a plain shell does not read, each command (the scan too) has
 * `OPENCLAW_STATE_DIR=…` before it; from the shell's own state dir the commands stay bare.
 * Before, all three gave bare `openclaw models set …` / `openclaw models scan --provider …`.
 * A model asked for by ref is asked for again with the run's `model` option (before: the CLI's
 * `--model`).
 * Real sockets to the simulator, which answers the retired ids 404 as the API does today.
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isOpenClawError } from "../../src/index.js";
import { openRuntime } from "../../src/runtime/index.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { gatewayStateWith } from "../helpers/two-provider-config.js";
import type { Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator(
  (started) => {
    sim = started;
  },
  { serveRetiredModels: false },
);

afterEach(() => {
  vi.unstubAllEnvs();
});

const request = { messages: [{ role: "user" as const, content: "hello" }] };

/** A config whose default model is retired, and an alias naming another retired id. */
function retiredConfig() {
  const base = simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2-thinking");
  return {
    ...base,
    agents: {
      defaults: {
        ...base.agents.defaults,
        models: { "moonshot/kimi-k2-turbo-preview": { alias: "turbo" } },
      },
    },
  };
}

/** The hint of the error `run` fails with. */
async function hintOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isOpenClawError(error)) throw new Error(`expected an OpenClawError, got ${String(error)}`);
  return error.hint ?? "";
}

const OBJECT =
  "in the config object openRuntime is given, then open the runtime again (openRuntime reads an object once)";

describe("a retired id's 404 from a runtime a program opened", () => {
  it("given a config object, says the edit of the object and no openclaw command", async () => {
    const { stateDir } = gatewayStateWith("l-rt-object-retired-", "{}\n");
    const { runtime } = openRuntime({
      config: retiredConfig(),
      env: { OPENCLAW_STATE_DIR: stateDir },
    });
    const chain = await hintOf(runtime.complete({ request }));
    expect(chain).toContain(
      `moonshot retired kimi-k2-thinking in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — set agents.defaults.model.primary to "moonshot/kimi-k2.5" ${OBJECT};`,
    );
    const alias = await hintOf(runtime.complete({ model: "turbo", request }));
    expect(alias).toContain(
      `the alias "turbo" names it; give the alias to moonshot/kimi-k2.5: move "turbo" to agents.defaults.models["moonshot/kimi-k2.5"].alias ${OBJECT};`,
    );
    for (const hint of [chain, alias]) {
      expect(hint).toContain(
        "see what the key may use now in the ids the provider's GET /models lists for moonshot",
      );
      expect(hint).not.toContain("openclaw models");
      expect(hint).not.toContain("startGateway");
    }
  });

  it("from a file in a state dir the shell does not read, puts OPENCLAW_STATE_DIR before each command", async () => {
    const { stateDir, configPath } = gatewayStateWith("l-rt-file-retired-", "{}\n");
    writeFileSync(configPath, JSON.stringify(retiredConfig()));
    const { runtime } = openRuntime({ env: { OPENCLAW_STATE_DIR: stateDir } });
    const hint = await hintOf(runtime.complete({ request }));
    const prefix = `OPENCLAW_STATE_DIR=${stateDir} `;
    expect(hint).toContain(
      `use moonshot/kimi-k2.5 — ${prefix}openclaw models set moonshot/kimi-k2.5;`,
    );
    expect(hint).toContain(
      `see what the key may use now with: ${prefix}openclaw models scan --provider moonshot`,
    );
    expect(hint.match(/(?<!OPENCLAW_STATE_DIR=\S+ )openclaw models/g)).toBeNull();
  });

  it("asked for by ref, says to pass the run's model option, not the CLI's --model", async () => {
    const { stateDir, configPath } = gatewayStateWith("l-rt-ref-retired-", "{}\n");
    writeFileSync(configPath, JSON.stringify(retiredConfig()));
    const { runtime } = openRuntime({ env: { OPENCLAW_STATE_DIR: stateDir } });
    const hint = await hintOf(
      runtime.complete({ model: "moonshot/kimi-k2-turbo-preview", request }),
    );
    // Before: "(--model moonshot/kimi-k2.5; a gateway client sends it as "model")", the CLI's
    // flag, which a program has no use for.
    expect(hint).toContain(
      'use moonshot/kimi-k2.5 — ask for moonshot/kimi-k2.5 in its place (pass model: "moonshot/kimi-k2.5" in the options of the runtime\'s complete, stream or relay);',
    );
    expect(hint).not.toContain("--model");
  });

  it("from the state dir the shell reads, keeps the commands bare", async () => {
    const { stateDir, configPath } = gatewayStateWith("l-rt-shell-retired-", "{}\n");
    writeFileSync(configPath, JSON.stringify(retiredConfig()));
    vi.stubEnv("OPENCLAW_STATE_DIR", stateDir);
    vi.stubEnv("OPENCLAW_CONFIG_PATH", undefined);
    const { runtime } = openRuntime();
    const hint = await hintOf(runtime.complete({ request }));
    expect(hint).toContain(
      "use moonshot/kimi-k2.5 — openclaw models set moonshot/kimi-k2.5; see what the key may use now with: openclaw models scan --provider moonshot",
    );
    expect(hint).not.toContain("OPENCLAW_STATE_DIR");
  });
});
