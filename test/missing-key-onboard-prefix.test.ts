/**
 * A program's runtime whose keys are in another state dir than the shell's (`openRuntime({ env })`
 * with OPENCLAW_STATE_DIR elsewhere), asked for a model whose provider has no key: the hint's
 * onboard command names that state dir, and pasted into a shell (with the key) it stores the key
 * where the program reads it. Before, `run: openclaw onboard --auth-choice moonshot-api-key`
 * stored it in ~/.openclaw, and the program's next run failed the same way.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOpenClawError, openRuntime } from "../src/index.js";
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

/** Runs `command` as pasted into a shell whose `openclaw` is this build, with a home of its own. */
function runInShell(command: string): string {
  const bin = tempDir("t2-bin-");
  const openclaw = join(bin, "openclaw");
  writeFileSync(openclaw, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(openclaw, 0o755);
  return execFileSync("/bin/sh", ["-c", `${command} 2>&1`], {
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: tempDir("t2-home-"), NO_COLOR: "1" },
    encoding: "utf8",
    stdio: "pipe",
    timeout: 50_000,
  });
}

async function missingKeyHint(env: Record<string, string>): Promise<string> {
  try {
    await openRuntime({ env }).runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: { messages: [{ role: "user", content: "Hi" }] },
    });
  } catch (error) {
    if (isOpenClawError(error)) return error.hint ?? "";
    throw error;
  }
  throw new Error("the run did not fail");
}

describe("a runtime with its keys in another state dir, no key for the provider", () => {
  it("hints onboard with that state dir, which stores the key where the runtime reads it", async () => {
    const dir = tempDir("t2-state-");
    const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl };
    const hint = await missingKeyHint(env);
    // (Its --auth-choice is named for a provider at its public endpoint, not the simulator's.)
    const command = /; or run: (.*)$/.exec(hint)?.[1] ?? "";
    expect(command.startsWith(`OPENCLAW_STATE_DIR=${dir} openclaw onboard`)).toBe(true);
    const choice = command.includes("--auth-choice") ? "" : " --auth-choice moonshot-api-key";
    // Pasted with the key and the non-interactive flags a script adds.
    runInShell(
      `OPENCLAW_MOONSHOT_AI_BASE_URL=${sim.moonshotBaseUrl} ${command}${choice} --non-interactive --accept-risk --moonshot-api-key sk-test-moonshot-ai-0001`,
    );
    const answer = await openRuntime({ env }).runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: { messages: [{ role: "user", content: "Hi" }] },
    });
    expect(answer).toBeDefined();
  }, 60_000);
});
