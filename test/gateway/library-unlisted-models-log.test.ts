/**
 * A program that starts the gateway (`startGateway` of the library entry) on a config whose
 * default model is an id the provider no longer lists (and answers 404): its `log` hears it twice,
 * once when the provider's model list is read and once when a request falls back past it. The
 * fixes those lines give reach the gateway's config, as the retired-ids lines' do (e56920cc): with
 * a state dir of its own, the commands carry it (`OPENCLAW_STATE_DIR=… openclaw models set`);
 * given a config object, the edit of the object, and no command at all. Before, both lines said
 * bare `openclaw models scan --provider …` / `openclaw models set <model>`, which edit the
 * program's shell's config, not the one the gateway reads. Real sockets, the simulator.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { gatewayStateWith } from "../helpers/two-provider-config.js";
import type { Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const running: RunningGateway[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(0);
});

/** The config: a default model the simulator neither lists nor answers, and one it serves. */
function config() {
  return simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2-thinking", [
    "moonshot/kimi-k2.5",
  ]);
}

/**
 * Starts the gateway, waits for moonshot's model list to be read, and asks `openclaw` once (it
 * falls back). Returns the log's lines about the unlisted model and the fallback.
 */
async function linesOf(options: Parameters<typeof startGateway>[0]): Promise<string[]> {
  const lines: string[] = [];
  let discovered: () => void = () => {};
  const listRead = new Promise<void>((resolve) => {
    discovered = resolve;
  });
  const gateway = await startGateway({
    port: 0,
    watch: false,
    ...options,
    log: (line) => lines.push(line),
    onDiscovery: (report) => {
      if (report.provider === "moonshot") discovered();
    },
  });
  running.push(gateway);
  await listRead;
  const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hello" }] }),
  });
  expect(answer.status).toBe(200);
  await answer.json();
  return lines.filter(
    (line) =>
      line.includes("not in the models your key can use") ||
      line.includes("so requests fall back to"),
  );
}

describe("startGateway's log on a default model its provider does not list", () => {
  it("gives the commands with the gateway's own state dir", async () => {
    const { env } = gatewayStateWith("e-unlisted-log-", `${JSON.stringify(config())}\n`);
    const lines = await linesOf({ env });
    const prefix = `OPENCLAW_STATE_DIR=${env.OPENCLAW_STATE_DIR} `;
    expect(lines).toHaveLength(2);
    const [listed, fallback] = lines as [string, string];
    expect(listed).toContain(
      `hint: see what the key may use with: ${prefix}openclaw models scan --provider moonshot; `,
    );
    expect(listed).toContain(
      `moonshot/kimi-k2-thinking is the default model (in openclaw's built-in model list, not in the config), which neither a prune nor an allowlist leaves out: choose another with: ${prefix}openclaw models set <model>`,
    );
    expect(fallback).toContain(
      `so requests fall back to moonshot/kimi-k2.5; see what the key may use now with: ${prefix}openclaw models scan --provider moonshot, then change the default model or its fallbacks`,
    );
  });

  it("gives a config object the edit of the object, not a command", async () => {
    const lines = await linesOf({
      env: { OPENCLAW_STATE_DIR: gatewayStateWith("e-unlisted-object-", "{}\n").stateDir },
      config: config(),
    });
    const object =
      "in the config object startGateway is given, then start it again (a config given as an object is not reloaded)";
    expect(lines).toHaveLength(2);
    const [listed, fallback] = lines as [string, string];
    expect(listed).toContain(
      "hint: see what the key may use in the ids startGateway's onDiscovery report lists for moonshot; ",
    );
    expect(listed).toContain(
      `which neither a prune nor an allowlist leaves out: choose another: set agents.defaults.model.primary to it ${object}`,
    );
    expect(fallback).toContain(
      `so requests fall back to moonshot/kimi-k2.5; see what the key may use now in the ids startGateway's onDiscovery report lists for moonshot, then change the default model or its fallbacks ${object}`,
    );
    expect(lines.join("\n")).not.toContain("openclaw models");
  });
});
