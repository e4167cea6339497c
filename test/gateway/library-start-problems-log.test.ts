/**
 * A program that starts the gateway (`startGateway` of the library entry) on a config with a
 * problem it serves around, here a provider whose baseUrl is no URL: its `log` is told, once the
 * gateway listens, what is wrong, where (file:line, or the dotted path in a config object) and
 * what to do, in the words a reload says it with. Before, the CLI's start-up report said it
 * (`problem: …`) but a program's `log` heard nothing until a reload: the provider's requests got
 * a 503 while the log stayed silent. Real sockets: the simulator serves the other provider.
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { gatewayStateWith, twoProviderConfig } from "../helpers/two-provider-config.js";
import { SIM_KEYS, type Simulator } from "../simulator/index.js";

const BAD_URL = "htp:/bad url";
const DISABLED = `expected an http(s) URL, found the string "${BAD_URL}"`;

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const running: RunningGateway[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(0);
});

/** moonshot's base URL on line 4; kimi-code serves `openclaw`; no token asked on loopback. */
function configText(moonshotBaseUrl: string): string {
  return twoProviderConfig(sim, {
    moonshotBaseUrl,
    defaultModel: "{ primary: 'kimi-code/kimi-for-coding' }",
    tail: ["  gateway: { auth: { mode: 'none' } },"],
  });
}

async function started(options: Parameters<typeof startGateway>[0]): Promise<RunningGateway> {
  const gateway = await startGateway({ port: 0, watch: false, ...options });
  running.push(gateway);
  return gateway;
}

async function chatStatus(gateway: RunningGateway, model: string): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

function saysNoKey(lines: readonly string[]): void {
  const said = lines.join("\n");
  for (const key of [...SIM_KEYS.ai, ...SIM_KEYS.kimiCode]) expect(said).not.toContain(key);
}

describe("startGateway's log at start", () => {
  it("says a provider a config file's problem disables, with file:line and the hint, once", async () => {
    const { configPath, env } = gatewayStateWith("e-start-problem-", configText(BAD_URL));
    const lines: string[] = [];
    const gateway = await started({ env, log: (line) => lines.push(line) });

    const line = `gateway: models.providers.moonshot.baseUrl: ${DISABLED} (${configPath}:4): provider moonshot is disabled, the others serve\n  hint: write the full URL, for example "https://api.moonshot.ai/v1"`;
    expect(lines.filter((said) => said.includes("provider moonshot is disabled"))).toEqual([line]);
    // What the log says is what `backend().problems` holds, not a second wording of it.
    expect(gateway.backend().problems.map((problem) => problem.where)).toEqual([
      "models.providers.moonshot.baseUrl",
    ]);
    expect(await chatStatus(gateway, "kimi-code/kimi-for-coding")).toBe(200);
    expect(await chatStatus(gateway, "moonshot/kimi-k2.5")).toBe(503);
    saysNoKey(lines);

    // Fixed, then broken again: each reload says the state it applies, in the same words.
    writeFileSync(configPath, configText(sim.moonshotBaseUrl));
    expect(gateway.reload()).toBe(true);
    expect(lines).toContain(
      "gateway: provider moonshot's config is fixed: its models are served again",
    );
    expect(await chatStatus(gateway, "moonshot/kimi-k2.5")).toBe(200);
    lines.length = 0;
    writeFileSync(configPath, configText(BAD_URL));
    expect(gateway.reload()).toBe(true);
    expect(lines.filter((said) => said.includes("provider moonshot is disabled"))).toEqual([line]);
  });

  it("says it of a config object by its dotted path, with no file to name", async () => {
    const lines: string[] = [];
    const gateway = await started({
      env: { OPENCLAW_STATE_DIR: gatewayStateWith("e-start-object-", "{}\n").stateDir },
      config: {
        models: {
          mode: "replace",
          providers: {
            moonshot: {
              baseUrl: BAD_URL,
              apiKey: SIM_KEYS.ai[0],
              api: "openai-completions",
              models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
            },
            "kimi-code": {
              baseUrl: sim.kimiCodeBaseUrl,
              apiKey: SIM_KEYS.kimiCode[0],
              api: "openai-completions",
              headers: { "User-Agent": "KimiCLI/0.77" },
              models: [{ id: "kimi-for-coding", name: "Kimi For Coding" }],
            },
          },
        },
        agents: { defaults: { model: { primary: "kimi-code/kimi-for-coding" } } },
        gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
      },
      log: (line) => lines.push(line),
    });
    expect(lines.filter((said) => said.includes("provider moonshot is disabled"))).toEqual([
      `gateway: models.providers.moonshot.baseUrl: ${DISABLED}: provider moonshot is disabled, the others serve\n  hint: write the full URL, for example "https://api.moonshot.ai/v1"`,
    ]);
    expect(await chatStatus(gateway, "kimi-code/kimi-for-coding")).toBe(200);
    saysNoKey(lines);
  });

  it("says nothing of the kind for a config without problems", async () => {
    const { env } = gatewayStateWith("e-start-clean-", configText(sim.moonshotBaseUrl));
    const lines: string[] = [];
    const gateway = await started({ env, log: (line) => lines.push(line) });
    expect(gateway.backend().problems).toEqual([]);
    expect(lines.filter((said) => /^gateway: models\./.test(said))).toEqual([]);
  });
});
