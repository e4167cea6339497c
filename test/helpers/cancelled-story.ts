/**
 * A chat session of two turns whose second is cancelled mid-answer: "hi" is answered whole (with
 * its provider's usage), then a long request's slow answer is cut with Ctrl-C once part of it has
 * streamed. For tests of what chat counts and keeps of a cancelled turn.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { loadSession, sessionPath } from "../../src/index.js";
import type { Simulator } from "../simulator/index.js";
import { CTRL_C, type Terminal } from "./pty.js";

/** A session file's usage row, as the tests of cut requests read it. */
export interface UsageRow {
  type: "usage";
  model: string;
  usage: { promptTokens: number; completionTokens: number };
  cost: { total: number };
  estimated?: boolean;
}

/** The usage rows of the session file at `file`, in order. */
export function usageRows(file: string): UsageRow[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { type: string })
    .filter((event): event is UsageRow => event.type === "usage");
}

/**
 * Checks the session `id` (agent "main" under `stateDir`) of a run whose one request was cut
 * before any answer: a single usage row, estimated, for the prompt it was sent (more than
 * `minPromptTokens`, nothing streamed, priced at the model's prices), and nothing else kept — no
 * message, no model. Returns the row for what a test checks beside.
 */
export function expectUnansweredCutRow(
  stateDir: string,
  id: string,
  minPromptTokens: number,
): UsageRow {
  const file = sessionPath(stateDir, "main", id);
  const rows = usageRows(file);
  expect(rows).toHaveLength(1);
  const row = rows[0] as UsageRow;
  expect(row).toMatchObject({ model: "moonshot/kimi-k2.5", estimated: true });
  expect(row.usage.promptTokens).toBeGreaterThan(minPromptTokens);
  expect(row.usage.completionTokens).toBe(0);
  expect(row.cost.total).toBeGreaterThan(0);
  const loaded = loadSession(file, id);
  expect(loaded.warnings).toEqual([]);
  expect(loaded.messages).toEqual([]);
  expect(loaded.model).toBeUndefined();
  return row;
}

/** The first answer's usage, as its provider reports it. */
export const FIRST_ANSWER_USAGE = { promptTokens: 1000, completionTokens: 10 };

/** Scripts the simulator's two answers: a short one with usage, then a slow streamed story. */
export function scriptCancelledStory(sim: Simulator): void {
  sim.script([
    { respond: { reply: { text: "ok.", usage: FIRST_ANSWER_USAGE } } },
    {
      respond: {
        chunkDelayMs: 200,
        reply: { text: "once upon a time there was a very long story indeed" },
        stream: { chunkChars: 8 },
      },
    },
  ]);
}

/**
 * Types the two turns into a chat at its first prompt and cancels the second once it streamed;
 * resolves at the prompt after `[cancelled]`, with the output position there.
 */
export async function chatAndCancelStory(chat: Terminal): Promise<number> {
  let at = await chat.waitFor(/you › /);
  chat.write("hi\r");
  at = await chat.waitFor(/ok\./, at);
  at = await chat.waitFor(/you › /, at);
  chat.write(`tell me a story ${"with many words ".repeat(20)}\r`);
  at = await chat.waitFor(/there was/, at);
  chat.write(CTRL_C);
  at = await chat.waitFor(/\[cancelled\]/, at);
  return chat.waitFor(/you › /, at);
}

/**
 * Cuts with Ctrl-C the request a chat is waiting on (output position `at`, before any answer),
 * clears the message put back on the prompt (Ctrl-U), asks `/usage` of session `sessionId` and
 * exits; resolves with all the chat said, its whitespace folded.
 */
export async function cancelUnansweredThenUsage(
  chat: Terminal,
  at: number,
  sessionId: string,
): Promise<string> {
  chat.write(CTRL_C);
  let after = await chat.waitFor("[cancelled before any answer", at);
  after = await chat.waitFor(/you › /, after);
  chat.write("\u0015/usage\r");
  await chat.waitFor(new RegExp(`session ${sessionId}\\s+you › `), after);
  chat.write("/exit\r");
  expect(await chat.exited).toBe(0);
  return chat.plain().replace(/\s+/g, " ");
}
