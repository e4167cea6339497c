/**
 * A chat answer cancelled with Ctrl-C is billed, and `/usage` counts it as an estimate, but the
 * session file's usage rows had nothing for it: a script summing a session's rows missed the
 * cancelled turn. Its request now gets a row like any other, marked `"estimated": true` since its
 * provider reported no usage before the cut; the rows of reported usage stay without the flag,
 * and the file loads as before. A request cancelled before its first byte came had no row
 * (though `/usage` counted it): it is billed for its prompt all the same, and now has one too,
 * the tokens `/usage` shows, while the turn's message stays out of the conversation (the model
 * never answered it). The built CLI (`npm run build` first) in a pseudo-terminal, against the
 * simulator over real sockets.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadSession, sessionPath } from "../../src/index.js";
import {
  cancelUnansweredThenUsage,
  chatAndCancelStory,
  expectUnansweredCutRow,
  scriptCancelledStory,
  usageRows,
} from "../helpers/cancelled-story.js";
import { startTerminal } from "../helpers/pty.js";
import { eventually } from "../helpers/wait.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe("chat's session file after a cancelled answer", () => {
  it("keeps the cancelled request's usage as a row marked estimated", async () => {
    env = await startSimEnv();
    scriptCancelledStory(env.sim);
    const chat = startTerminal(
      ["chat", "--model", "moonshot/kimi-k2.5", "--session-id", "story-1"],
      { env: env.cliEnv },
    );
    try {
      await chatAndCancelStory(chat);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
    const file = sessionPath(env.stateDir, "main", "story-1");
    const rows = usageRows(file);
    expect(rows).toHaveLength(2);
    const [answered, cancelled] = rows;
    // The answered turn: as its provider reported it, no flag.
    expect(answered?.usage).toMatchObject({ promptTokens: 1000, completionTokens: 10 });
    expect(answered).not.toHaveProperty("estimated");
    // The cancelled one: its prompt (the history and a long message) and what it streamed,
    // estimated and priced at the model's prices.
    expect(cancelled).toMatchObject({ model: "moonshot/kimi-k2.5", estimated: true });
    expect(cancelled?.usage.promptTokens).toBeGreaterThan(60);
    expect(cancelled?.usage.completionTokens).toBeGreaterThan(0);
    expect(cancelled?.cost.total).toBeGreaterThan(0);
    // The file still loads, its conversation whole (the cut answer kept as interrupted).
    const loaded = loadSession(file, "story-1");
    expect(loaded.warnings).toEqual([]);
    expect(loaded.messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
  });

  it("keeps a row for a request cancelled before any answer, the one /usage counts", async () => {
    env = await startSimEnv();
    const sim = env.sim;
    // The provider has the request and has not answered when Ctrl-C comes.
    sim.script([{ respond: { hang: true } }]);
    const chat = startTerminal(
      ["chat", "--model", "moonshot/kimi-k2.5", "--session-id", "waited-1"],
      { env: env.cliEnv },
    );
    let said = "";
    try {
      const at = await chat.waitFor(/you › /);
      chat.write(`tell me a story ${"with many words ".repeat(20)}\r`);
      await eventually(() => sim.chatRequests().length === 1, 30_000, "the request");
      said = await cancelUnansweredThenUsage(chat, at, "waited-1");
    } finally {
      chat.kill();
    }
    const [, tokensIn = ""] =
      /0 answers, 1 cancelled · ~([\d,]+) tokens in \(0 cached\), ~0 out · cost ~\$/.exec(said) ??
      [];
    expect(tokensIn).not.toBe("");
    // The prompt it was sent, estimated (the tokens /usage counts); the unanswered message is
    // not in the conversation a later turn sends.
    const row = expectUnansweredCutRow(env.stateDir, "waited-1", 60);
    expect(row.usage.promptTokens).toBe(Number(tokensIn.replace(/,/g, "")));
  });
});
