/**
 * openRuntime and a request whose last message is an assistant message with `"partial": true`
 * to a model whose provider is not known to take Moonshot's partial mode: refused before
 * anything is sent (partial_mode_unsupported), with the fix as the edit of the config object the
 * program gave, as a retired model's fix is worded there. With a fallback that continues prompts,
 * the request goes to it, and the result (or, when it fails, the run's failure) names the skipped
 * primary as the model fallen back from, as for a primary left out for want of a key.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openRuntime, runFailureOf } from "../../src/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import type { Simulator } from "../simulator/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const config = {
  models: {
    providers: {
      lab: customProvider([{ id: "kimi-k2.5", name: "Served elsewhere" }], {
        apiKey: "sk-fake-test-key-0001",
      }),
    },
  },
  agents: { defaults: { model: { primary: "lab/kimi-k2.5" } } },
};

describe("a library run ending in a partial assistant message", () => {
  it("is refused for a provider not known to take partial mode, saying the config object's edit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openclaw-partial-mode-"));
    dirs.push(dir);
    const { runtime } = openRuntime({ env: { OPENCLAW_STATE_DIR: dir, HOME: dir }, config });
    const refused = await runtime
      .complete({
        request: {
          messages: [
            { role: "user", content: "Write a haiku about the sea" },
            { role: "assistant", content: "Waves fold", partial: true },
          ],
        },
      })
      .then(
        () => undefined,
        (caught: unknown) => caught as { code?: string; message?: string; hint?: string },
      );
    expect(refused?.code).toBe("partial_mode_unsupported");
    expect(refused?.message).toContain("lab/kimi-k2.5 cannot continue a prompt");
    expect(refused?.hint).toContain(
      "declare it: set models.providers.lab.compat.supportsPartialMode to true in the config object openRuntime is given",
    );
  });
});

describe("a library run ending in a partial assistant message, with a fallback that continues it", () => {
  const partialRequest = {
    messages: [
      { role: "user" as const, content: "Write a haiku about the sea" },
      { role: "assistant" as const, content: "Waves fold", partial: true },
    ],
  };
  /** A state dir for one runtime, removed after the test. */
  function stateEnv() {
    const dir = mkdtempSync(join(tmpdir(), "openclaw-partial-fallback-"));
    dirs.push(dir);
    return { OPENCLAW_STATE_DIR: dir, HOME: dir };
  }
  /** The simulator's moonshot, and lab (no partial mode), in the chain `primary`, `fallback`. */
  function chainConfig(primary: string, fallback: string) {
    const base = simMoonshotConfig(sim.moonshotBaseUrl, primary, [fallback]);
    const providers = { ...base.models.providers, lab: config.models.providers.lab };
    return { ...base, models: { ...base.models, providers } };
  }

  it("is answered by the fallback, the result naming the skipped primary as fallbackFrom", async () => {
    sim.script([{ respond: { reply: { text: " on the shore" } } }]);
    const { runtime } = openRuntime({
      env: stateEnv(),
      config: chainConfig("lab/kimi-k2.5", "moonshot/kimi-k2.5"),
    });
    const result = await runtime.complete({ request: partialRequest });
    expect(result.model).toBe("moonshot/kimi-k2.5");
    expect(result.fallbackFrom).toBe("lab/kimi-k2.5");
    expect(result.failedAttempts).toEqual([]);
  });

  it("names the skipped primary as fallbackFrom of the failure when the fallback fails", async () => {
    sim.script([{ respond: { error: "contentFilter" }, times: 1 }]);
    // The library's runtime throws a masked copy of the error: the copy keeps the run's report.
    const { runtime } = openRuntime({
      env: stateEnv(),
      config: chainConfig("lab/kimi-k2.5", "moonshot/kimi-k2.5"),
    });
    const failed = await runtime.complete({ request: partialRequest }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(runFailureOf(failed)).toMatchObject({
      model: "moonshot/kimi-k2.5",
      fallbackFrom: "lab/kimi-k2.5",
    });
  });

  it("is no fallback when the primary continues the prompt itself", async () => {
    sim.script([{ respond: { reply: { text: " on the shore" } } }]);
    const { runtime } = openRuntime({
      env: stateEnv(),
      config: chainConfig("moonshot/kimi-k2.5", "lab/kimi-k2.5"),
    });
    const result = await runtime.complete({ request: partialRequest });
    expect(result.model).toBe("moonshot/kimi-k2.5");
    expect(result.fallbackFrom).toBeUndefined();
  });
});
