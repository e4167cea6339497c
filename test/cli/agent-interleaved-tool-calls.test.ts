/**
 * `openclaw agent --tools` against an upstream that interleaves two tool calls' streamed
 * fragments (call 0's arguments, call 1's, call 0's again, told apart by `index`): each tool runs
 * with its whole arguments and the run goes on to its answer. The built CLI (`npm run build`
 * first) against the simulator over real sockets.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent --tools with interleaved tool-call fragments", () => {
  it("runs both calls of the first round whole, then the second round, then answers", async () => {
    const { sim, cliEnv } = await setup();
    const work = tempDir("openclaw-work-");
    writeFileSync(path.join(work, "todo-monday.txt"), "water the plants");
    writeFileSync(path.join(work, "todo-tuesday.txt"), "call the plumber");
    sim.script([
      {
        respond: {
          reply: {
            toolCalls: [
              { name: "read_file", arguments: { path: "todo-monday.txt" } },
              { name: "read_file", arguments: { path: "todo-tuesday.txt" } },
            ],
          },
          stream: { chunkChars: 3, interleaveToolCalls: true },
        },
      },
      {
        respond: {
          reply: { toolCalls: [{ name: "list_dir", arguments: { path: "." } }] },
          stream: { chunkChars: 3 },
        },
      },
      { respond: { reply: { text: "Plants on Monday, plumber on Tuesday." } } },
    ]);
    const result = await runCli(["agent", "-m", "what is on my lists?", "--tools", "--json"], {
      env: cliEnv,
      cwd: work,
    });
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      text: string;
      toolRuns: { name: string; arguments: string; isError: boolean }[];
    };
    expect(out.text).toBe("Plants on Monday, plumber on Tuesday.");
    expect(out.toolRuns.map((run) => [run.name, JSON.parse(run.arguments), run.isError])).toEqual([
      ["read_file", { path: "todo-monday.txt" }, false],
      ["read_file", { path: "todo-tuesday.txt" }, false],
      ["list_dir", { path: "." }, false],
    ]);
    // The files' contents went back to the model, each as the result of its own call.
    const second = sim.chatRequests()[1]?.body as {
      messages: { role: string; tool_call_id?: string; content?: unknown }[];
    };
    expect(second.messages.filter((message) => message.role === "tool")).toEqual([
      expect.objectContaining({
        tool_call_id: "functions.read_file:0",
        content: "water the plants",
      }),
      expect.objectContaining({
        tool_call_id: "functions.read_file:1",
        content: "call the plumber",
      }),
    ]);
  });
});
