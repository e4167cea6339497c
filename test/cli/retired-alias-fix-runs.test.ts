/**
 * An alias that names a model openclaw's list marks retired (the Moonshot page's "Kimi K2", for
 * kimi-k2-0905-preview): the fix the CLI gives for it, in agent's 404 hint and in `models aliases
 * add`'s warning, must run as typed. The alias already names the retired model there, and
 * `models aliases add` refuses a name that names another model, so the fix takes it off first.
 * Each test runs the commands the message gives, one after the other, and sees the alias work.
 * Against the simulator, which answers retired ids with 404.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shellWords } from "../../src/cli/example-lines.js";
import { freshState, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

/** The spec page's config, pointed at the simulator. */
function seedState(): StateDir {
  const state = freshState();
  const seed = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
  writeFileSync(
    state.configPath,
    seed
      .replace('"sk-..."', JSON.stringify(MOONSHOT_KEY))
      .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl),
  );
  return state;
}

/**
 * The commands after `give the alias to moonshot/kimi-k2.5: ` (or `… instead: `) in `text`, each
 * as the words a shell would pass, `openclaw` left out; they end at the first `;` or ` (`.
 */
function aliasFixCommands(text: string): string[][] {
  const fix = /give the alias to moonshot\/kimi-k2\.5(?: instead)?: (.*?)(?:;| \(|$)/m.exec(text);
  expect(fix, text).not.toBeNull();
  return (fix?.[1] ?? "").split(", then: ").map((command) => {
    // shellWords keeps a word's quotes; the shell takes them off.
    const words = shellWords(command).map((word) => word.replace(/^"(.*)"$/, "$1"));
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

describe("the fix given for an alias of a retired model runs as typed", () => {
  it("agent's 404 hint: its commands move the alias, and the alias then answers", async () => {
    const state = seedState();
    const failed = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(failed.code).toBe(1);
    const commands = aliasFixCommands(failed.stderr);
    await runAll(state, commands);
    expect(await aliasTarget(state, "Kimi K2")).toBe("moonshot/kimi-k2.5");
    const answered = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(answered.code, answered.stderr).toBe(0);
    expect(answered.stdout).toContain("Echo: hi");
  });

  it("agent's 404 hint says the alias the replacement had gives way", async () => {
    const state = seedState();
    const failed = await state.run(["agent", "-m", "hi", "--model", "Kimi K2"]);
    expect(failed.stderr).toContain(
      'give the alias to moonshot/kimi-k2.5: openclaw models aliases remove "Kimi K2", then: openclaw models aliases add "Kimi K2" moonshot/kimi-k2.5 (in place of its alias "Kimi K2.5": a model has one)',
    );
  });

  it("models aliases add of a retired id: its warning's commands move the alias", async () => {
    const state = seedState();
    const added = await state.run([
      "models",
      "aliases",
      "add",
      "Deep",
      "moonshot/kimi-k2-thinking",
    ]);
    expect(added.code).toBe(0);
    await runAll(state, aliasFixCommands(added.stderr));
    expect(await aliasTarget(state, "Deep")).toBe("moonshot/kimi-k2.5");
  });
});

describe("the alias fix on a narrow terminal", () => {
  it("at 60 columns each command is wrapped alone: the first ends at its quoted alias", async () => {
    const state = seedState();
    const added = await state.run(
      ["models", "aliases", "add", "Deep", "moonshot/kimi-k2-thinking"],
      { COLUMNS: "60" },
    );
    expect(added.code).toBe(0);
    // A quoted argument with a comma after it ("Deep",) ends the command; read as a quote left
    // open, it took ", then:" and the next command in as arguments of one, continued with ` \`.
    const lines = added.stderr.split("\n");
    const at = lines.findIndex((line) => line.includes("openclaw models aliases remove"));
    expect(lines.slice(at, at + 3)).toEqual([
      '         openclaw models aliases remove "Deep", then:',
      '         openclaw models aliases add "Deep" \\',
      "             moonshot/kimi-k2.5",
    ]);
  });
});
