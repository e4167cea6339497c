/**
 * A chain whose primary cannot search (kimi-for-coding always thinks) and a fallback that can:
 * the "falling back … skipped" note is said once per run, not once per search round. And chat's
 * warning at --web-search says the turns go to the fallback, not that they fail.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const SKIP_NOTE =
  "falling back from kimi-code/kimi-for-coding to moonshot/kimi-k2.5: kimi-code/kimi-for-coding skipped";

describe("a chain whose primary cannot search", () => {
  it("agent --web-search says the skip once, though the run searched before answering", async () => {
    env = await startSimEnv({
      primary: "kimi-code/kimi-for-coding",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    const result = await runCli(["agent", "-m", "What launched today?", "--web-search"], {
      env: env.cliEnv,
    });
    expect(result.code).toBe(0);
    const stderr = result.stderr.replace(/\n {2}/g, " ");
    // Told once, though the request after the search went down the chain again.
    expect(stderr.split(SKIP_NOTE)).toHaveLength(2);
    expect(result.stdout).toContain("(searched the web)");
    expect(env.sim.chatRequests().map((r) => (r.body as { model?: unknown }).model)).toEqual([
      "kimi-k2.5",
      "kimi-k2.5",
    ]);
  });

  it("chat --web-search warns that the turns go to the fallback, and says the skip once a turn", async () => {
    env = await startSimEnv({
      primary: "kimi-code/kimi-for-coding",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    const result = await runCli(["chat", "--web-search"], {
      env: env.cliEnv,
      input: "What launched today?\n",
    });
    expect(result.code).toBe(0);
    const stderr = result.stderr.replace(/\n {2}/g, " ");
    expect(stderr).toContain(
      "warning: web search is on, and kimi-code/kimi-for-coding always thinks (it refuses thinking off, its compat.alwaysThinks says): Moonshot's $web_search does not work while a model thinks, so each turn skips it and goes to moonshot/kimi-k2.5, the next model of the chain. Type /search off to ask kimi-code/kimi-for-coding without searching",
    );
    expect(stderr).not.toContain("each turn will fail");
    expect(stderr.split(SKIP_NOTE)).toHaveLength(2);
    expect(result.stdout).toContain("(searched the web)");
  });
});
