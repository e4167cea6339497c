/**
 * An error that stops interactive onboarding closes the prompts' frame with the error and its
 * hint (`└  error: …`), said once, rather than leaving the frame open above it (a last `│` with
 * no `└`). The exit code is the error's, as before.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closedPort } from "../helpers/net.js";
import { ENTER, startTerminal } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, KIMI_KEY, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";

const sims = regionSimulators();

function terminal(state: StateDir, args: string[], env: Record<string, string> = {}) {
  return startTerminal(args, {
    cwd: state.dir,
    env: {
      ...state.env,
      OPENCLAW_MOONSHOT_AI_BASE_URL: sims.ai.moonshotBaseUrl,
      OPENCLAW_MOONSHOT_CN_BASE_URL: sims.cn.moonshotBaseUrl,
      OPENCLAW_KIMI_CODE_BASE_URL: sims.ai.kimiCodeBaseUrl,
      ...env,
    },
  });
}

/** The screen's lines from the one that closes the frame with the error. */
function closingLines(plain: string): string[] {
  const lines = plain.split("\n");
  return lines.slice(lines.findIndex((line) => line.startsWith("└  error: ")));
}

describe("openclaw onboard in a terminal, stopped by an error", () => {
  it("a key flag that does not go with the provider chosen in the menu: frame closed, exit 2", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--kimi-code-api-key", KIMI_KEY]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(ENTER); // Moonshot
      await term.waitFor("Which Moonshot region");
      term.write(ENTER); // International
      expect(await term.exited).toBe(2);
    } finally {
      term.kill();
    }
    const plain = term.plain();
    const closing = closingLines(plain);
    expect(closing[0]).toBe(
      "└  error: --kimi-code-api-key does not go with the provider picked above (--auth-choice moonshot-api-key)",
    );
    expect(closing[1]).toMatch(
      /^ {3}hint: use --kimi-code-api-key with --auth-choice kimi-code-api-key/,
    );
    expect(plain.split("does not go with").length - 1).toBe(1);
    expect(plain).not.toContain(KIMI_KEY);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("a credential store that cannot be written: frame closed with the error and its hint, exit 1", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await term.waitFor("API key");
      await term.typeSlowly(MOONSHOT_KEY);
      term.write(ENTER);
      await term.waitFor("Write these changes?");
      // The store's directory cannot be made: a file is in its way.
      writeFileSync(join(state.dir, "agents"), "");
      term.write(ENTER);
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    const plain = term.plain();
    const closing = closingLines(plain);
    // Said as the write it is, naming the file in the way (it said "could not read" before).
    expect(closing[0]).toMatch(/^└ {2}error: could not write .*auth-profiles\.json/);
    expect(closing.some((line) => line.startsWith("   hint: move or remove the file"))).toBe(true);
    expect(plain.split("error: could not write").length - 1).toBe(1);
  });

  it("a key that could not be checked (endpoint unreachable) is a warning said once, not a success", async () => {
    const state = freshState();
    const port = await closedPort();
    const term = terminal(state, ["onboard", "--auth-choice", "moonshot-api-key"], {
      OPENCLAW_MOONSHOT_AI_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    try {
      await term.waitFor("API key");
      await term.typeSlowly(MOONSHOT_KEY);
      term.write(ENTER);
      await term.waitFor("Write these changes?");
      term.write("n");
      term.write(ENTER);
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    const plain = term.plain();
    expect(plain).toMatch(/▲ {2}could not reach Moonshot international/);
    // The success symbol, or twice (a success line and the warning), read as if the key worked.
    expect(plain).not.toMatch(/◆ {2}could not reach/);
    expect(plain.split("could not reach Moonshot international").length - 1).toBe(1);
  });
});
