/**
 * An answer with no text (only reasoning) stays in a chat's conversation, and every later request
 * leaves it out: `openclaw chat` printed "left out the empty assistant message at index 1 …"
 * before each answer that followed, and before each tool round of a turn, for the rest of the
 * chat. It is said once (the empty answer's own note already says it is left out); a second
 * empty answer is said again, with both. The built CLI (`npm run build` first) against the
 * simulator over real sockets.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

const LEFT_OUT = /left out the empty assistant messages? at index/g;

describe("chat's note on an empty answer left out of later requests", () => {
  it("is said once, not before every later answer and tool round", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([
      { respond: { reply: { reasoning: "Nothing to say.", text: "" } }, times: 1 },
      {
        respond: {
          reply: { text: "", toolCalls: [{ name: "list_dir", arguments: { path: "." } }] },
        },
        times: 1,
      },
      { respond: { reply: { text: "one file: notes.txt" } }, times: 1 },
      { respond: { reply: { text: "third answer" } }, times: 1 },
      { respond: { reply: { text: "fourth answer" } }, times: 1 },
    ]);
    const cwd = mkdtempSync(path.join(tmpdir(), "openclaw-chat-repair-"));
    writeFileSync(path.join(cwd, "notes.txt"), "hello\n");
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2.5", "--tools"], {
      env: cliEnv,
      cwd,
      input: "say nothing\nlist the files\nthird\nfourth\n",
    });
    expect(result.stdout).toContain("one file: notes.txt");
    expect(result.stdout).toContain("fourth answer");
    expect(result.stderr).toContain("answered with no text (only reasoning)");
    expect(result.stderr.match(LEFT_OUT)).toHaveLength(1);
    // Every request after the empty answer still leaves it out.
    const sent = sim.chatRequests().map((request) => {
      const { messages } = request.body as { messages: { role: string; content: unknown }[] };
      return messages.filter((message) => message.role === "assistant" && message.content === "");
    });
    expect(sent.slice(1).map((empty) => empty.length)).toEqual([0, 0, 0, 0]);
  });
});
