/**
 * Every command `openclaw gateway` tells its operator to run (its start-up report, its log, the
 * hints of its answers) is typed in another terminal: a plain shell, without the
 * OPENCLAW_STATE_DIR the gateway was started with. The keyless provider's line said
 * `OPENCLAW_STATE_DIR=… openclaw onboard …`, while the no-default hint beside it said a bare
 * `openclaw models set …`, taken from the gateway's own environment: typed in another terminal,
 * it set the default of ~/.openclaw, which this gateway does not read. The built CLI in its own
 * process, the simulator upstream, the printed command run by /bin/sh as a person would.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import {
  gatewayEnv,
  killGatewayProcesses,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-run-prefix-0001";
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => killGatewayProcesses());
afterAll(async () => {
  await sim?.close();
});

/** No default model; Moonshot used without a key, Kimi Code with one. */
function configText(): string {
  return JSON.stringify({
    agents: {
      defaults: {
        models: { "moonshot/kimi-k2.5": { alias: "Kimi K2.5" }, "kimi-code/kimi-for-coding": {} },
      },
    },
    models: {
      providers: {
        moonshot: { baseUrl: sim.moonshotBaseUrl },
        "kimi-code": { baseUrl: sim.kimiCodeBaseUrl },
      },
    },
    gateway: { auth: { mode: "token", token: TOKEN } },
  });
}

/** `command` as a person pastes it into a new terminal: no OPENCLAW_* variable, a home of its own. */
function runInPlainShell(command: string): string {
  const bin = tempDir("run-prefix-bin-");
  const openclaw = join(bin, "openclaw");
  writeFileSync(openclaw, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(openclaw, 0o755);
  return execFileSync("/bin/sh", ["-c", `${command} 2>&1`], {
    env: {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      HOME: tempDir("run-prefix-home-"),
      NO_COLOR: "1",
    },
    encoding: "utf8",
  });
}

async function askForOpenclaw(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: response.status, text: await response.text() };
}

/** The first word of each command after "run: " in `text`. */
const runCommandStarts = (text: string) =>
  [...text.matchAll(/run: (\S+)/g)].map((match) => match[1]);

describe("openclaw gateway started with OPENCLAW_STATE_DIR", () => {
  it("names that state dir in every command it says to run, and the commands reach it", async () => {
    const dir = tempDir("run-prefix-state-");
    writeFileSync(join(dir, "openclaw.json"), configText());
    const gateway = await startGatewayProcess({
      ...gatewayEnv(dir, { moonshot: "", kimiCode: sim.keys.kimiCode }),
      // The simulator stands in for Moonshot's endpoint: the keyless line has its onboard command.
      OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
      COLUMNS: "1000",
    });
    await eventually(() => gateway.stderr().includes("usage ledger: "), 15_000, "the report");
    const prefix = `OPENCLAW_STATE_DIR=${dir} openclaw`;
    const report = gateway.stderr().replace(/\s+/g, " ");
    expect(report).toContain(
      `until MOONSHOT_API_KEY is set (or run: ${prefix} onboard --auth-choice moonshot-api-key)`,
    );
    // Before: "to set one, run: openclaw models set …", the gateway's own environment's words.
    expect(report).toContain(
      `hint: to set one, run: ${prefix} models set kimi-code/kimi-for-coding (kimi-code has a key)`,
    );

    // A client asking for the default is told the same command.
    const refused = await askForOpenclaw(gateway.url);
    expect(refused.status).toBe(404);
    const message = (JSON.parse(refused.text) as { error: { message: string } }).error.message;
    const command = /to set one, run: (.+?) \(kimi-code has a key\)/.exec(message)?.[1];
    expect(command).toBe(`${prefix} models set kimi-code/kimi-for-coding`);

    // Typed in another terminal, it sets the default this gateway reads: the reload serves it.
    runInPlainShell(command as string);
    await eventually(
      async () => (await askForOpenclaw(gateway.url)).status === 200,
      15_000,
      "openclaw served after the command",
    );

    // The reload log's commands too: Moonshot's line, said again as a new alias reaches it.
    const aliased = JSON.parse(configText()) as {
      agents: { defaults: { models: Record<string, unknown>; model?: unknown } };
    };
    aliased.agents.defaults.models["moonshot/kimi-k2-thinking"] = { alias: "Thinking" };
    aliased.agents.defaults.model = { primary: "kimi-code/kimi-for-coding" };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(aliased));
    await eventually(
      () => gateway.stderr().split("moonshot has no API key").length - 1 === 2,
      15_000,
      "Moonshot's line again",
    );
    const starts = runCommandStarts(gateway.stderr());
    expect(starts.length).toBeGreaterThanOrEqual(3);
    expect(starts.every((start) => start === `OPENCLAW_STATE_DIR=${dir}`)).toBe(true);
  }, 60_000);
});
