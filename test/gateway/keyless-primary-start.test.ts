/**
 * `openclaw gateway` at start-up, with a default chain whose primary has no usable key while its
 * fallback has one: every request falls back past the primary, so the start-up report says so,
 * once, in doctor's words and at the primary's file:line (the JSON `listening` event too).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  gatewayEnv,
  killGatewayProcesses,
  spawnGateway,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { eventually, GATEWAY_TOKEN, simConfig } from "./harness.js";

let sim: Simulator;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => killGatewayProcesses());
afterAll(async () => {
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A state dir whose config is the simulator's, one key a line: the primary is on line 5. */
function keylessPrimaryState(): { dir: string; configPath: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-keyless-primary-"));
  dirs.push(dir);
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, JSON.stringify(simConfig(sim), null, 2));
  const env = gatewayEnv(dir, { moonshot: "", kimiCode: sim.keys.kimiCode });
  return { dir, configPath, env };
}

// The simulator is no public endpoint: no --auth-choice for it, as doctor says for the same config.
const hint = "run: openclaw onboard   (or set $MOONSHOT_API_KEY)";

describe("gateway start-up with a keyless primary and a fallback that answers", () => {
  it("says the primary has no key and which member answers, at its file:line, once (not per request)", async () => {
    const { configPath, env } = keylessPrimaryState();
    const message = `the default chain's moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:5) has no usable key for moonshot: each request falls back past it and kimi-code/kimi-for-coding answers instead`;
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("token: "), 5000, "the token line");
    expect(cli.stderr()).toContain(`warning: ${message}\n  hint: ${hint}\n`);

    // The chain answers through the fallback, and the request does not say it again.
    const answer = await fetch(`${cli.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { model: string }).model).toContain("kimi-for-coding");
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(cli.stderr().split(message).length - 1).toBe(1);
  });

  it("--json's listening event has keylessDefaults with the same message and place", async () => {
    const { configPath, env } = keylessPrimaryState();
    const cli = spawnGateway(env, ["--json"]);
    const listening = () =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { event: string; keylessDefaults?: unknown })
        .find((event) => event.event === "listening");
    await eventually(() => listening() !== undefined, 15_000, "the listening event");
    expect(listening()?.keylessDefaults).toEqual([
      {
        ref: "moonshot/kimi-k2.5",
        path: "agents.defaults.model.primary",
        origin: `${configPath}:5`,
        provider: "moonshot",
        answeredBy: "kimi-code/kimi-for-coding",
        hint,
        message: `the default chain's moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:5) has no usable key for moonshot: each request falls back past it and kimi-code/kimi-for-coding answers instead`,
        warning: `the default chain's moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:5) has no usable key for moonshot: each request falls back past it and kimi-code/kimi-for-coding answers instead; to use it, ${hint}`,
      },
    ]);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });
});
