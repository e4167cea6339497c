/**
 * The fix given for an alias of a retired model ("Kimi K2", which the Moonshot page gives
 * kimi-k2-0905-preview) when the default model or a fallback is written as that alias: `models
 * aliases remove` refuses to take away an alias the chain names a model by (alias.in_chain), so
 * "remove, then add" stopped at its first command. The fix now writes those chain entries as the
 * replacement's ref first. Each test runs the commands agent's 404 hint gives, one after the
 * other, through the CLI, and sees the alias and the chain work. Against the simulator, which
 * answers retired ids with 404. Fallbacks that all name the replacement once the alias has moved
 * (`["Kimi K2", "moonshot/kimi-k2.5"]`) were each written as its ref: config set refused the
 * second (a model is listed once), so the fix stopped there; the later ones are now taken out.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shellWords } from "../../src/cli/example-lines.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { freshState, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

/** The spec page's config, pointed at the simulator, its default chain written as `model`. */
function seedStateWith(model: string): StateDir {
  const state = freshState();
  const seed = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
  writeFileSync(
    state.configPath,
    seed
      .replace('"sk-..."', JSON.stringify(MOONSHOT_KEY))
      .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl)
      .replace('model: { primary: "moonshot/kimi-k2.5" }', `model: ${model}`),
  );
  return state;
}

/** A shell word as the shell passes it: its quotes taken off ('\'' is a quote inside). */
function unquoted(word: string): string {
  return word.replace(
    /'((?:[^']|'\\'')*)'|"([^"]*)"/g,
    (_whole, single?: string, double?: string) =>
      single !== undefined ? single.replaceAll("'\\''", "'") : (double ?? ""),
  );
}

/** The commands after `give the alias to moonshot/kimi-k2.5: ` in `text`, `openclaw` left out. */
function aliasFixCommands(text: string): string[][] {
  const fix = /give the alias to moonshot\/kimi-k2\.5: (.*?)(?:;| \(|$)/m.exec(text);
  expect(fix, text).not.toBeNull();
  return (fix?.[1] ?? "").split(", then: ").map((command) => {
    const words = shellWords(command).map(unquoted);
    expect(words[0]).toBe("openclaw");
    return words.slice(1);
  });
}

async function runAll(state: StateDir, commands: string[][]): Promise<void> {
  for (const args of commands) {
    const result = await state.run(args);
    expect(result.code, `openclaw ${args.join(" ")}\n${result.stderr}`).toBe(0);
  }
}

async function aliasTarget(state: StateDir, alias: string): Promise<string | undefined> {
  const list = await state.run(["models", "aliases", "list", "--json"]);
  const parsed = JSON.parse(list.stdout) as { aliases: Array<{ alias: string; ref: string }> };
  return parsed.aliases.find((entry) => entry.alias === alias)?.ref;
}

describe("the fix for an alias of a retired model the default chain is written with", () => {
  it("default model written as the alias: the printed commands run, and the chain then answers", async () => {
    const state = seedStateWith('{ primary: "Kimi K2" }');
    const failed = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'give the alias to moonshot/kimi-k2.5: openclaw models set moonshot/kimi-k2.5, then: openclaw models aliases remove "Kimi K2", then: openclaw models aliases add "Kimi K2" moonshot/kimi-k2.5 (in place of its alias "Kimi K2.5": a model has one)',
    );
    await runAll(state, aliasFixCommands(failed.stderr));
    expect(await aliasTarget(state, "Kimi K2")).toBe("moonshot/kimi-k2.5");
    for (const args of [
      ["agent", "-m", "hi", "--model", "Kimi K2"],
      ["agent", "-m", "hi"],
    ]) {
      const answered = await state.run(args);
      expect(answered.code, answered.stderr).toBe(0);
      expect(answered.stdout).toContain("Echo: hi");
    }
  });

  it("a default written as the replacement's own alias, which the add takes away", async () => {
    // The add would take "Kimi K2.5" from kimi-k2.5 (a model has one alias), refused while the
    // default model is written as it: the default is written as the ref first.
    const state = seedStateWith('{ primary: "Kimi K2.5" }');
    const failed = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(failed.code).toBe(1);
    const commands = aliasFixCommands(failed.stderr);
    expect(commands).toEqual([
      ["config", "set", "agents.defaults.model.primary", "moonshot/kimi-k2.5"],
      ["models", "aliases", "remove", "Kimi K2"],
      ["models", "aliases", "add", "Kimi K2", "moonshot/kimi-k2.5"],
    ]);
    await runAll(state, commands);
    expect(await aliasTarget(state, "Kimi K2")).toBe("moonshot/kimi-k2.5");
    const answered = await state.run(["agent", "-m", "hi"]);
    expect(answered.code, answered.stderr).toBe(0);
  });

  it("a fallback written as the alias: written as the replacement's ref at its path first", async () => {
    const state = seedStateWith('{ primary: "moonshot/kimi-k2-thinking", fallbacks: ["Kimi K2"] }');
    const failed = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(failed.code).toBe(1);
    const commands = aliasFixCommands(failed.stderr);
    expect(commands).toEqual([
      ["config", "set", "agents.defaults.model.fallbacks[0]", "moonshot/kimi-k2.5"],
      ["models", "aliases", "remove", "Kimi K2"],
      ["models", "aliases", "add", "Kimi K2", "moonshot/kimi-k2.5"],
    ]);
    await runAll(state, commands);
    expect(await aliasTarget(state, "Kimi K2")).toBe("moonshot/kimi-k2.5");
  });

  it("a fallback written as the alias beside the replacement as the default: taken out first", async () => {
    // Written as kimi-k2.5, the fallback would be the default model too, which config validate
    // refuses: the fix takes it out of the fallbacks instead.
    const state = seedStateWith('{ primary: "moonshot/kimi-k2.5", fallbacks: ["Kimi K2"] }');
    const failed = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(failed.code).toBe(1);
    const commands = aliasFixCommands(failed.stderr);
    expect(commands).toEqual([
      ["models", "fallbacks", "remove", "Kimi K2"],
      ["models", "aliases", "remove", "Kimi K2"],
      ["models", "aliases", "add", "Kimi K2", "moonshot/kimi-k2.5"],
    ]);
    await runAll(state, commands);
    expect(await aliasTarget(state, "Kimi K2")).toBe("moonshot/kimi-k2.5");
    const answered = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(answered.code, answered.stderr).toBe(0);
  });
});

/** The default chain as `models fallbacks list --json` and config validate see it after a fix. */
async function chainAfter(state: StateDir): Promise<{ fallbacks: string[]; valid: boolean }> {
  const list = await state.run(["models", "fallbacks", "list", "--json"]);
  const validate = await state.run(["config", "validate"]);
  return {
    fallbacks: (JSON.parse(list.stdout) as { fallbacks: string[] }).fallbacks,
    valid: validate.code === 0 && !validate.stdout.includes("is listed once"),
  };
}

describe("the fix when the chain names the moved alias and the replacement both", () => {
  it("default model written as the moved alias, a fallback as the replacement's alias", async () => {
    const state = seedStateWith('{ primary: "Kimi K2", fallbacks: ["Kimi K2.5"] }');
    const failed = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(failed.code).toBe(1);
    await runAll(state, aliasFixCommands(failed.stderr));
    expect(await aliasTarget(state, "Kimi K2")).toBe("moonshot/kimi-k2.5");
    // kimi-k2.5 is the default model: no longer a fallback of itself.
    expect(await chainAfter(state)).toEqual({ fallbacks: [], valid: true });
    const answered = await state.run(["agent", "-m", "hi"]);
    expect(answered.code, answered.stderr).toBe(0);
    expect(answered.stdout).toContain("Echo: hi");
  });

  for (const fallbacks of [
    '["Kimi K2", "moonshot/kimi-k2.5"]',
    '["Kimi K2", "Kimi K2.5"]',
    '["Kimi K2.5", "Kimi K2"]',
    '["moonshot/kimi-k2.5", "moonshot/kimi-k2-thinking-turbo", "Kimi K2"]',
  ]) {
    it(`fallbacks ${fallbacks}: the replacement is listed once, where it first was`, async () => {
      const state = seedStateWith(
        `{ primary: "moonshot/kimi-k2-thinking", fallbacks: ${fallbacks} }`,
      );
      const failed = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
      expect(failed.code).toBe(1);
      await runAll(state, aliasFixCommands(failed.stderr));
      expect(await aliasTarget(state, "Kimi K2")).toBe("moonshot/kimi-k2.5");
      const after = await chainAfter(state);
      expect(after.valid).toBe(true);
      const written = JSON.parse(fallbacks) as string[];
      const expected = written.includes("moonshot/kimi-k2-thinking-turbo")
        ? ["moonshot/kimi-k2.5", "moonshot/kimi-k2-thinking-turbo"]
        : ["moonshot/kimi-k2.5"];
      expect(after.fallbacks).toEqual(expected);
    });
  }
});

describe("the fix for an alias a shell would change inside double quotes", () => {
  it("names it in single quotes: the commands, run by a shell, move that alias", async () => {
    // Before, "K2 $fast" was written in double quotes: a shell made it "K2 " and the remove failed.
    const state = seedStateWith('{ primary: "K2 $fast" }');
    writeFileSync(
      state.configPath,
      readFileSync(state.configPath, "utf8").replace('alias: "Kimi K2" }', 'alias: "K2 $fast" }'),
    );
    const failed = await state.run(["agent", "-m", "hi", "--model", "K2 $fast"]);
    expect(failed.code).toBe(1);
    const fix = /give the alias to moonshot\/kimi-k2\.5: (.*?) \(in place/m.exec(
      failed.stderr,
    )?.[1];
    expect(fix, failed.stderr).toBe(
      "openclaw models set moonshot/kimi-k2.5, then: openclaw models aliases remove 'K2 $fast', then: openclaw models aliases add 'K2 $fast' moonshot/kimi-k2.5",
    );
    const script = (fix ?? "").split(", then: ").join(" && ");
    await runInPlainShell(`export OPENCLAW_STATE_DIR='${state.dir}' && ${script}`, state.dir);
    expect(await aliasTarget(state, "K2 $fast")).toBe("moonshot/kimi-k2.5");
  });
});
