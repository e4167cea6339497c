/**
 * A session file edited by hand (or written by a tool that got the shape wrong): a message line
 * whose content is a number, or a tool result without its call's id, is left out with a warning
 * naming its line and what is wrong, and the run goes on with the rest of the history, instead
 * of a TypeError reported as a bug in openclaw.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sessionFile } from "../helpers/session-file.js";
import { type SimEnv, simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

type Sent = { role: string; content: unknown }[];
function sentMessages(sim: SimEnv["sim"], index: number): Sent {
  return (sim.chatRequests()[index]?.body as { messages: Sent } | undefined)?.messages ?? [];
}

function line(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

describe("a session with a message of the wrong shape", () => {
  it("leaves that line out, saying which and why, and answers from the rest", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    const file = sessionFile(stateDir, "edited");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      line({ type: "session", version: 1, id: "edited", agentId: "main", at: "x" }) +
        line({ type: "message", message: { role: "user", content: "first" }, at: "x" }) +
        line({ type: "message", message: { role: "assistant", content: "one" }, at: "x" }) +
        line({ type: "message", message: { role: "user", content: 42 }, at: "x" }) +
        line({ type: "message", message: { role: "tool", content: "r" }, at: "x" }),
    );
    const result = await runCli(["agent", "-m", "again", "--session-id", "edited"], {
      env: cliEnv,
    });
    // Before: exit 1 with 'request.messages[2].content must be …' (no file, no line), or on a
    // text-only model 'message.content.some is not a function', called a bug in openclaw.
    expect(result.stderr).not.toContain("is not a function");
    expect(result.stderr).not.toContain("bug");
    expect(result.code).toBe(0);
    const said = result.stderr.replace(/\s+/g, " ");
    expect(said).toContain(
      `warning: session ${file} line 4: message.content must be a string or an array of content parts, got the number 42 (left out)`,
    );
    expect(said).toContain(`session ${file} line 5: message.tool_call_id must be a string`);
    expect(sentMessages(sim, 0).map((message) => message.content)).toEqual([
      "first",
      "one",
      "again",
    ]);

    // --json carries the same warnings.
    const json = await runCli(["agent", "-m", "more", "--session-id", "edited", "--json"], {
      env: cliEnv,
    });
    expect(json.code).toBe(0);
    const object = JSON.parse(json.stdout) as { warnings: string[] };
    expect(object.warnings).toContain(
      `session ${file} line 4: message.content must be a string or an array of content parts, got the number 42 (left out)`,
    );
  });
});
