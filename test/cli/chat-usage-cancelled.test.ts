/**
 * `/usage` after an answer cancelled with Ctrl-C: the provider had the prompt and streamed part
 * of the answer, and bills both, but reports usage only with an answer's end, so the chat counted
 * the cancelled turn as 0 tokens. It now counts it as the gateway's ledger does a request whose
 * client left: the prompt estimated from the request, the completion from what was streamed, at
 * the model's prices, marked `~`. The built CLI (`npm run build` first) in a pseudo-terminal,
 * against the simulator over real sockets.
 */
import { afterEach, describe, expect, it } from "vitest";
import { chatAndCancelStory, scriptCancelledStory } from "../helpers/cancelled-story.js";
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
});
