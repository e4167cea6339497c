/**
 * `/usage` after an answer cancelled with Ctrl-C: the provider had the prompt and streamed part
 * of the answer, and bills both, but reports usage only with an answer's end, so the chat counted
 * the cancelled turn as 0 tokens. It now counts it as the gateway's ledger does a request whose
 * client left: the prompt estimated from the request, the completion from what was streamed, at
 * the model's prices, marked `~`. A turn cancelled while no request was out (a retry's wait
 * after a refusal) counted the prompt of the request it had not sent: it counts nothing now, as
 * the session file keeps nothing of it. The built CLI (`npm run build` first) in a
 * pseudo-terminal, against the simulator over real sockets.
 */

import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { sessionPath } from "../../src/index.js";
import {
  cancelUnansweredThenUsage,
  chatAndCancelStory,
  scriptCancelledStory,
} from "../helpers/cancelled-story.js";
import { startTerminal } from "../helpers/pty.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** The numbers of the /usage line: answers, cancelled turns, tokens in and out. */
const USAGE =
  /1 answer, 1 cancelled · ~([\d,]+) tokens in \(0 cached\), ~([\d,]+) out · cost ~\$[\d.]+/;

describe("chat's /usage after a cancelled answer", () => {
  it("counts what the cancelled turn used, as an estimate marked ~", async () => {
    env = await startSimEnv();
    scriptCancelledStory(env.sim);
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: env.cliEnv });
    try {
      const at = await chatAndCancelStory(chat);
      chat.write("/usage\r");
      await chat.waitFor(/session \S+\s+you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
      const said = chat.plain().replace(/\s+/g, " ");
      const [, tokensIn = "0", tokensOut = "0"] = USAGE.exec(said) ?? [];
      expect(said).toMatch(USAGE);
      // On a line of its own where the line would not fit, so without its " · ".
      expect(said).toContain(
        "~ estimated for an answer cancelled before its provider reported usage (it reports it when an answer ends)",
      );
      // The first answer's reported 1,000 and 10, and the cancelled one's prompt (its history and
      // a long message) and the words it streamed on top.
      expect(Number(tokensIn.replace(/,/g, ""))).toBeGreaterThan(1000 + 60);
      expect(Number(tokensOut.replace(/,/g, ""))).toBeGreaterThan(10);
    } finally {
      chat.kill();
    }
  });

  it("counts nothing for a turn cancelled during a retry's wait, when no request was out", async () => {
    env = await startSimEnv();
    // Refused with a wait to sit through before the request is sent again.
    env.sim.script([
      {
        respond: {
          error: {
            status: 429,
            type: "rate_limit_reached_error",
            message: "Your account reached max request: 3, please try again after 30 seconds",
            retryAfter: 30,
          },
        },
      },
    ]);
    const chat = startTerminal(
      ["chat", "--model", "moonshot/kimi-k2.5", "--session-id", "retried-1"],
      { env: env.cliEnv },
    );
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("hi\r");
      at = await chat.waitFor(/retrying moonshot\/kimi-k2\.5/, at);
      const said = await cancelUnansweredThenUsage(chat, at, "retried-1");
      expect(said).toContain("0 answers, 1 cancelled · 0 tokens in (0 cached), 0 out · cost $0");
      expect(env.sim.chatRequests()).toHaveLength(1);
    } finally {
      chat.kill();
    }
    // Nothing of the turn in a session file either.
    expect(existsSync(sessionPath(env.stateDir, "main", "retried-1"))).toBe(false);
  });
});
