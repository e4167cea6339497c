/**
 * A program that starts the gateway (`startGateway` of the library entry) on a config whose
 * default chain or aliases name an id openclaw's built-in list marks retired: its `log` is told
 * each one once the gateway listens, as `openclaw gateway` says them at its start (where it is
 * written, the edit that mends it, with the words that reach this config file), and a reload
 * that adds one says it once. Before, the CLI said them (f34c0591) but a program heard nothing,
 * and its clients met 404s or fallbacks. A config given as an object is told the edit of the
 * object, not a command no file would take. And a retired primary whose replacement is already a
 * fallback is told that the fallback moves up. Real sockets, the simulator, real config edits.
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { gatewayStateWith } from "../helpers/two-provider-config.js";
import { SIM_KEYS, type Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const running: RunningGateway[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(0);
});

interface Shape {
  primary: string;
  /** On line 5. */
  fallbacks: string[];
  /** The aliases' entries, on line 6. */
  aliases: string;
}

const RETIRED: Shape = {
  primary: "moonshot/kimi-k2.5",
  fallbacks: ["moonshot/kimi-k2-thinking"],
  aliases: "'moonshot/kimi-k2-turbo-preview': { alias: 'turbo' }",
};

function configText(shape: Shape): string {
  return [
    "{ models: { mode: 'merge', providers: {",
    `  moonshot: { api: 'openai-completions', apiKey: ${JSON.stringify(SIM_KEYS.ai[0])}, baseUrl: ${JSON.stringify(sim.moonshotBaseUrl)} } } },`,
    "  agents: { defaults: {",
    `    model: { primary: ${JSON.stringify(shape.primary)},`,
    `      fallbacks: ${JSON.stringify(shape.fallbacks)} },`,
    `    models: { ${shape.aliases} } } },`,
    "  gateway: { auth: { mode: 'none' } } }",
    "",
  ].join("\n");
}

async function started(options: Parameters<typeof startGateway>[0]): Promise<RunningGateway> {
  const gateway = await startGateway({ port: 0, watch: false, ...options });
  running.push(gateway);
  return gateway;
}

const retiredLines = (lines: readonly string[]) =>
  lines.filter((line) => line.includes("retired in 2026"));

describe("startGateway's log on retired ids the config offers", () => {
  it("says each one at start with file:line and the commands for this file; a reload adds only new ones", async () => {
    const { configPath, env } = gatewayStateWith("e-retired-log-", configText(RETIRED));
    const lines: string[] = [];
    const gateway = await started({ env, log: (line) => lines.push(line) });

    // The program's own process has another state dir: the commands say the gateway's.
    const prefix = `OPENCLAW_STATE_DIR=${env.OPENCLAW_STATE_DIR} `;
    const fallback = `gateway: warning: moonshot/kimi-k2-thinking (fallback #1: agents.defaults.model.fallbacks[0], ${configPath}:5) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: ${prefix}openclaw models fallbacks remove moonshot/kimi-k2-thinking (moonshot/kimi-k2.5 is in the chain already)`;
    const alias = `gateway: warning: moonshot/kimi-k2-turbo-preview is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; "turbo" is the alias written at ${configPath}:6: agents.defaults.models["moonshot/kimi-k2-turbo-preview"].alias; give the alias to moonshot/kimi-k2.5 instead: ${prefix}openclaw models aliases remove "turbo", then: ${prefix}openclaw models aliases add "turbo" moonshot/kimi-k2.5`;
    expect(retiredLines(lines)).toEqual([fallback, alias]);
    for (const key of SIM_KEYS.ai) expect(lines.join("\n")).not.toContain(key);

    // An edit that leaves them as they were says nothing again; one that adds one says it.
    lines.length = 0;
    writeFileSync(configPath, configText({ ...RETIRED, aliases: `${RETIRED.aliases}, ` }));
    expect(gateway.reload()).toBe(true);
    expect(retiredLines(lines)).toEqual([]);
    writeFileSync(
      configPath,
      configText({
        ...RETIRED,
        fallbacks: [...RETIRED.fallbacks, "moonshot/kimi-k2-0905-preview"],
      }),
    );
    expect(gateway.reload()).toBe(true);
    expect(retiredLines(lines)).toHaveLength(1);
    expect(retiredLines(lines)[0]).toContain(
      `moonshot/kimi-k2-0905-preview (fallback #2: agents.defaults.model.fallbacks[1], ${configPath}:5)`,
    );
  });

  it("tells a retired primary whose replacement is a fallback that the fallback moves up", async () => {
    const shape: Shape = {
      primary: "moonshot/kimi-k2-thinking",
      fallbacks: ["moonshot/kimi-k2.5"],
      aliases: "",
    };
    const { configPath, env } = gatewayStateWith("e-retired-primary-", configText(shape));
    const lines: string[] = [];
    await started({ env, log: (line) => lines.push(line) });
    const prefix = `OPENCLAW_STATE_DIR=${env.OPENCLAW_STATE_DIR} `;
    expect(retiredLines(lines)).toEqual([
      `gateway: warning: moonshot/kimi-k2-thinking (the default model: agents.defaults.model.primary, ${configPath}:4) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: ${prefix}openclaw models set moonshot/kimi-k2.5 (it is fallback #1 already: it moves up to the default model, out of the fallbacks, and moonshot/kimi-k2-thinking is no longer used)`,
    ]);
  });

  it("tells a config object the edit of the object, not a command", async () => {
    const lines: string[] = [];
    const retiredPrimaryConfig = simMoonshotConfig(
      sim.moonshotBaseUrl,
      "moonshot/kimi-k2-thinking",
      ["moonshot/kimi-k2.5"],
    );
    await started({
      env: { OPENCLAW_STATE_DIR: gatewayStateWith("e-retired-object-", "{}\n").stateDir },
      config: {
        ...retiredPrimaryConfig,
        agents: {
          defaults: {
            ...retiredPrimaryConfig.agents.defaults,
            models: { "moonshot/kimi-k2-turbo-preview": { alias: "turbo" } },
          },
        },
      },
      log: (line) => lines.push(line),
    });
    const object =
      "in the config object startGateway is given, then start it again (a config given as an object is not reloaded)";
    expect(retiredLines(lines)).toEqual([
      `gateway: warning: moonshot/kimi-k2-thinking (the default model: agents.defaults.model.primary) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: set agents.defaults.model.primary to "moonshot/kimi-k2.5" and take "moonshot/kimi-k2.5" out of agents.defaults.model.fallbacks ${object}`,
      `gateway: warning: moonshot/kimi-k2-turbo-preview is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; "turbo" is the alias written at agents.defaults.models["moonshot/kimi-k2-turbo-preview"].alias; give the alias to moonshot/kimi-k2.5 instead: move "turbo" to agents.defaults.models["moonshot/kimi-k2.5"].alias ${object}`,
    ]);
    expect(lines.join("\n")).not.toContain("openclaw models");
  });
});
