/**
 * `openclaw gateway` started with OPENCLAW_STATE_DIR set to a dir of its own: the scan its 404
 * hint gives for a model the provider answers 404 for (a retired id), and the one its log line
 * gives for the models the provider's list leaves out, carry that dir (`OPENCLAW_STATE_DIR=<dir>
 * openclaw models scan --provider moonshot`), as the start's other commands do, and so does the
 * fix its start gives for the retired default model (`… openclaw models set moonshot/kimi-k2.5`). Before, they said a bare `openclaw models scan`, which typed in another
 * terminal scans the default config, not the gateway's. With the default state dir the command
 * stays bare. The built CLI (`npm run build` first), its own process, and the simulator.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withSimulator } from "../helpers/file-simulator.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";
import type { Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});
afterEach(() => killGatewayProcesses());

/** The scan advice of a 404's hint (`now`) and of the log line on the models not listed. */
const scanWords = (prefix: string, now: boolean) =>
  `see what the key may use${now ? " now" : ""} with: ${prefix}openclaw models scan --provider moonshot`;

/**
 * The hint of a request for the retired id, and the log line on the models moonshot's list leaves
 * out, from a gateway whose config is `configDir/openclaw.json`.
 */
async function adviceOf(env: Record<string, string>, configDir: string) {
  mkdirSync(configDir, { recursive: true });
  const config = simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2-thinking");
  writeFileSync(join(configDir, "openclaw.json"), `${JSON.stringify(config)}\n`);
  const gateway = await startGatewayProcess({
    PATH: process.env.PATH,
    NO_COLOR: "1",
    COLUMNS: "1000",
    ...env,
  });
  const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "moonshot/kimi-k2-thinking",
      messages: [{ role: "user", content: "hello" }],
    }),
  });
  expect(answer.status).toBe(404);
  const { error } = (await answer.json()) as { error: { message: string } };
  const notListed = "are not in the models your key can use";
  const output = () => `${gateway.stdout()}${gateway.stderr()}`;
  await eventually(() => output().includes(notListed), 15_000, "the line on the models not listed");
  const lines = output().split("\n");
  const at = lines.findIndex((text) => text.includes(notListed));
  const retired = lines.find((text) => text.includes("is a model id moonshot retired")) ?? "";
  return { hint: error.message, line: `${lines[at]}\n${lines[at + 1] ?? ""}`, retired };
}

describe("the scan openclaw gateway advises for a model its provider answers 404 for", () => {
  it("carries the gateway's own OPENCLAW_STATE_DIR", async () => {
    const home = tempDir("openclaw-scan-home-");
    const dir = tempDir("openclaw-scan-state-");
    const { hint, line, retired } = await adviceOf({ HOME: home, OPENCLAW_STATE_DIR: dir }, dir);
    expect(hint).toContain(scanWords(`OPENCLAW_STATE_DIR=${dir} `, true));
    expect(line).toContain(scanWords(`OPENCLAW_STATE_DIR=${dir} `, false));
    // The start's warning on the retired default model, its fix typed in another terminal too.
    expect(retired).toContain(
      `use moonshot/kimi-k2.5 instead: OPENCLAW_STATE_DIR=${dir} openclaw models set moonshot/kimi-k2.5`,
    );
  });

  it("stays the bare command with the default state dir", async () => {
    const home = tempDir("openclaw-scan-home-");
    const { hint, line, retired } = await adviceOf({ HOME: home }, join(home, ".openclaw"));
    expect(hint).toContain(scanWords("", true));
    expect(line).toContain(scanWords("", false));
    expect(retired).toContain(
      "use moonshot/kimi-k2.5 instead: openclaw models set moonshot/kimi-k2.5",
    );
    expect(`${hint}${line}${retired}`).not.toContain("OPENCLAW_STATE_DIR");
  });
});
