/**
 * `openRuntime({ config })`: a runtime from a config object a program holds, validated and
 * `${VAR}`-expanded as a file is, against the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigError } from "../../src/config/index.js";
import { OpenClawError } from "../../src/errors.js";
import { openRuntime } from "../../src/runtime/index.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

function configFor(baseUrl: string) {
  return {
    models: {
      providers: {
        moonshot: {
          baseUrl,
          apiKey: "${MY_MOONSHOT_KEY}",
          api: "openai-completions",
          models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
        },
      },
    },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  };
}

describe("openRuntime({ config })", () => {
  it("takes optional settings given as undefined as not given, as TypeScript allows", async () => {
    const env = { OPENCLAW_STATE_DIR: tempDir(), MY_MOONSHOT_KEY: sim.keys.moonshot };
    const config = configFor(sim.moonshotBaseUrl);
    const withUndefined = {
      ...config,
      env: undefined,
      agents: { defaults: { model: { primary: "moonshot/kimi-k2.5", fallbacks: undefined } } },
    };
    const opened = openRuntime({ config: withUndefined, env });
    const result = await opened.runtime.complete({
      request: { messages: [{ role: "user", content: "hi" }] },
    });
    expect(result.model).toBe("moonshot/kimi-k2.5");
  });

  it("runs from the object, with ${VAR} expanded from the env given", async () => {
    const env = { OPENCLAW_STATE_DIR: tempDir(), MY_MOONSHOT_KEY: sim.keys.moonshot };
    const opened = openRuntime({ config: configFor(sim.moonshotBaseUrl), env });
    expect(opened.loaded.config.models?.providers?.moonshot?.apiKey).toBe(sim.keys.moonshot);
    const result = await opened.runtime.complete({
      request: { messages: [{ role: "user", content: "hi" }] },
    });
    expect(result.model).toBe("moonshot/kimi-k2.5");
    expect(sim.chatRequests().at(-1)?.headers.authorization).toBe(`Bearer ${sim.keys.moonshot}`);
  });

  it("disables a provider whose value a file would be refused for, naming the dotted path", async () => {
    // A bad value in one provider disables that provider (the others would run); elsewhere it
    // refuses the config, as a file's would.
    const { catalog, runtime } = openRuntime({
      config: configFor("not a url"),
      env: { OPENCLAW_STATE_DIR: tempDir() },
    });
    expect(catalog.problems).toContainEqual(
      expect.objectContaining({ provider: "moonshot", path: "models.providers.moonshot.baseUrl" }),
    );
    await expect(
      runtime.complete({ request: { messages: [{ role: "user", content: "hi" }] } }),
    ).rejects.toThrow(
      /provider "moonshot" in "moonshot\/kimi-k2\.5" is not usable: models\.providers\.moonshot\.baseUrl: /,
    );
    expect(() => openRuntime({ config: { agents: 5 } as never, env: {} })).toThrow(/agents/);
  });

  it("puts the dotted path in the error's where, and does not send the caller to config validate", () => {
    const refusal = (config: Record<string, unknown>) => {
      try {
        openRuntime({ config, env: { OPENCLAW_STATE_DIR: tempDir() } });
      } catch (thrown) {
        return thrown as ConfigError;
      }
      throw new Error("the config was taken");
    };
    const primary = refusal({ agents: { defaults: { model: { primary: 5 } } } });
    expect(primary).toMatchObject({
      code: "config.invalid",
      where: "agents.defaults.model.primary",
      hint: "fix agents.defaults.model.primary",
    });
    const two = refusal({ agents: { defaults: { model: { primary: 5, fallbacks: 6 } } } });
    expect(two).toMatchObject({
      where: "agents.defaults.model.primary",
      hint: "fix agents.defaults.model.primary (and 1 more)",
    });
    expect(refusal({ models: { $include: "./models.json5" } })).toMatchObject({
      code: "config.include_needs_file",
      where: "models.$include",
    });
  });

  it("takes the object or a path, not both", () => {
    expect(() => openRuntime({ config: {}, configPath: "/tmp/x.json", env: {} })).toThrow(
      OpenClawError,
    );
  });
});
