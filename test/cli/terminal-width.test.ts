/**
 * On a real terminal 60 columns wide (node-pty), doctor, config validate and models status fit
 * it even with COLUMNS=400 set (a stale value the shell kept): the terminal's own width wins, as
 * a person sees it. Each line names what a user needs whole: model refs and file:line places.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { overWide } from "../helpers/over-wide.js";
import { startTerminal } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";

/** Moonshot's baseUrl names an unset variable (line 4), kimi-code's (line 5) too: nothing answers. */
const CONFIG = [
  "{",
  '  "agents": { "defaults": { "model": { "primary": "moonshot/kimi-k2.5", "fallbacks": ["kimi-code/kimi-for-coding"] } } },',
  '  "models": { "providers": {',
  '    "moonshot": { "baseUrl": "${H3_PTY_UNSET_A}" },',
  '    "kimi-code": { "baseUrl": "${H3_PTY_UNSET_B}" }',
  "  } }",
  "}",
  "",
].join("\n");

async function onTerminal(args: string[]) {
  const dir = tempDir("openclaw-terminal-width-");
  chmodSync(dir, 0o700);
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, CONFIG, { mode: 0o600 });
  const term = startTerminal(args, {
    cols: 60,
    env: { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400", NO_COLOR: "1" },
  });
  const code = await term.exited;
  return { code, screen: term.plain(), configPath };
}

/** The screen's words, joined again: what a line break split is read whole. */
const joined = (screen: string) => screen.split(/\s+/).join(" ");

describe("on a 60-column terminal with COLUMNS=400", () => {
  it("doctor fits 60 cells, naming both members of the chain and each place", async () => {
    const { code, screen, configPath } = await onTerminal(["doctor"]);
    expect(code).toBe(1);
    expect(overWide(screen, 60)).toEqual([]);
    const text = joined(screen);
    expect(text).toContain(
      `no model of the default chain can be used: moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:2)`,
    );
    expect(text).toContain(
      `kimi-code/kimi-for-coding (agents.defaults.model.fallbacks[0], ${configPath}:2)`,
    );
    expect(text).toContain(`(${configPath}:4)`);
  });

  it("config validate and models status fit 60 cells, places whole", async () => {
    const validate = await onTerminal(["config", "validate"]);
    expect(validate.code).toBe(0);
    expect(overWide(validate.screen, 60)).toEqual([]);
    expect(joined(validate.screen)).toContain(
      `models.providers.kimi-code.baseUrl: uses H3_PTY_UNSET_B, which is not set: this value cannot be used until it is (${validate.configPath}:5)`,
    );
    const status = await onTerminal(["models", "status"]);
    expect(overWide(status.screen, 60)).toEqual([]);
    expect(status.screen).toContain("Default:     moonshot/kimi-k2.5");
    expect(status.screen).toContain("Fallbacks:   kimi-code/kimi-for-coding");
  });
});
