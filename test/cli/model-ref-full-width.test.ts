/**
 * A model ref typed with a Chinese input method's punctuation on: `moonshot／kimi-k2.5`, a
 * full-width slash for `/`. The closest matches were listed, but nothing said what was wrong
 * with a name that looks right. `--model`, `models set`, `config set` and `config validate` now
 * name the full-width character and give the ref in ASCII, as the config's syntax errors do for
 * full-width punctuation.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshState } from "../onboard/harness.js";

const seed = () =>
  readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

const SLASH =
  "the ／ in it is a full-width slash, as a Chinese input method types it, not the ASCII /";

describe("a model ref with a full-width slash", () => {
  it("agent --model and models set name it and give the ref in ASCII", async () => {
    const state = freshState();
    writeFileSync(state.configPath, seed());

    const agent = await state.run(["agent", "--model", "moonshot／kimi-k2.5", "-m", "hi"]);
    const set = await state.run(["models", "set", "moonshot／kimi-k2.5"]);

    for (const result of [agent, set]) {
      expect(result.code).toBe(2);
      expect(unwrapped(result.stderr)).toContain(`hint: ${SLASH}: give "moonshot/kimi-k2.5"`);
    }
  });

  it("config set names it and gives the command; nothing is written", async () => {
    const state = freshState();
    writeFileSync(state.configPath, seed());
    const before = state.snapshot();

    const result = await state.run([
      "config",
      "set",
      "agents.defaults.model.primary",
      "moonshot／kimi-k2。5",
    ]);

    expect(result.code).toBe(2);
    expect(unwrapped(result.stderr)).toContain(
      `hint: ${SLASH}; the 。 in it is a Chinese full stop, as a Chinese input method types it, not the ASCII .: openclaw config set agents.defaults.model.primary moonshot/kimi-k2.5; nothing was written`,
    );
    expect(state.snapshot()).toEqual(before);
  });

  it("config validate names it in a ref written in the file", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      seed().replace('primary: "moonshot/kimi-k2.5"', 'primary: "moonshot／kimi-k2.5"'),
    );
    const result = await state.run(["config", "validate"]);
    expect(result.code).toBe(1);
    expect(unwrapped(result.stdout + result.stderr)).toContain(
      `hint: ${SLASH}: write "moonshot/kimi-k2.5"`,
    );
  });
});
