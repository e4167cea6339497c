/**
 * A piped `openclaw chat` whose stdout reader leaves (`… | head -1`) stops sending lines: each
 * would be a paid turn whose answer nobody reads. The built CLI (`npm run build` first) in a real
 * shell pipeline, against the simulator over real sockets.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** Runs `sh -c script` with `env`; resolves to its stdout, stderr and exit code. */
function runShell(
  script: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", script], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code) => resolve({ stdout, stderr, code }));
  });
}

describe("piped chat whose output is closed", () => {
  it("sends no line after the reader of its output left", async () => {
    const { sim, cliEnv } = await setup();
    // Each answer takes a while to stream: `head` has left before the second one is written.
    sim.script([
      {
        respond: { chunkDelayMs: 100, reply: { text: "an answer in parts" } },
        times: Number.POSITIVE_INFINITY,
      },
    ]);
    const lines = Array.from({ length: 6 }, (_, index) => `line ${index + 1}`).join("\\n");
    const result = await runShell(
      `printf '${lines}\\n' | "${process.execPath}" "${CLI}" chat 2>"$OPENCLAW_STATE_DIR/chat.err" | head -1; cat "$OPENCLAW_STATE_DIR/chat.err"`,
      cliEnv,
    );
    expect(result.stdout).toMatch(/^an answer in parts\n/);
    expect(result.stdout).toContain("stopped: the output was closed");
    // The first answer was read; the one being written when head left is finished; no more.
    expect(sim.chatRequests().length).toBeLessThanOrEqual(2);
  });
});
