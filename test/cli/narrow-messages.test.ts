import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { overWide } from "../helpers/over-wide.js";
import { tempDir, tempFiles } from "../helpers/tmp.js";
import { freshState, ONBOARD_MOONSHOT } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
/**
 * Serves the retired ids too, so that onboarding writes all five built-in models and their
 * aliases: enough text to wrap.
 */
let retiredSim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
  retiredSim = await startSimulator({ serveRetiredModels: true });
});
afterAll(async () => {
  await sim?.close();
  await retiredSim?.close();
});

/** A state dir pointed at the simulator, and the arguments that onboard Moonshot into it. */
function simState(on: Simulator = sim) {
  const state = freshState({
    OPENCLAW_MOONSHOT_AI_BASE_URL: on.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: on.kimiCodeBaseUrl,
  });
  return { state, onboard: [...ONBOARD_MOONSHOT] };
}

describe("errors at $COLUMNS", () => {
  it("are wrapped to it, each part under its text, no word lost", async () => {
    const state = tempFiles({
      "openclaw.json": JSON.stringify({
        agents: { defaults: { model: { fallbacks: "moonshot/kimi-k2.5" } } },
        gateway: { port: "abc" },
      }),
    });
    const env = { OPENCLAW_STATE_DIR: state };
    const wide = await runCli(["config", "validate"], { env });
    const narrow = await runCli(["config", "validate"], { env: { ...env, COLUMNS: "60" } });
    expect(narrow.code).toBe(1);
    expect(overWide(narrow.stderr, 60)).toEqual([]);
    // The same words, only broken into more lines.
    const words = (text: string) => text.split(/\s+/).filter(Boolean);
    expect(words(narrow.stderr)).toEqual(words(wide.stderr));
    const lines = narrow.stderr.split("\n");
    // A problem's further lines go under its text, the hint's under the hint's.
    const item = lines.findIndex((line) => line.startsWith("  - gateway.port:"));
    expect(lines[item + 1]).toMatch(/^ {4}\S/);
    const hint = lines.findIndex((line) => line.startsWith("hint: "));
    expect(lines[hint + 1]).toMatch(/^ {6}\S/);
  });
});

describe("warnings at $COLUMNS", () => {
  it("are wrapped to it under the text after 'warning: ', the command in them whole on a line", async () => {
    // Narrow or wide, the width is the terminal's, and the command is never split.
    for (const columns of [60, 150]) {
      const { state, onboard } = simState();
      // Onboarding warns that the API no longer lists some of the models it writes.
      const result = await state.run(onboard, { COLUMNS: String(columns) });
      expect(result.code).toBe(0);
      const lines = result.stderr.split("\n");
      const start = lines.findIndex((line) => line.startsWith("warning: "));
      expect(start).toBeGreaterThanOrEqual(0);
      const warning = [lines[start] ?? ""];
      for (const line of lines.slice(start + 1)) {
        if (!line.startsWith(" ".repeat(9))) break;
        warning.push(line);
      }
      expect(warning.length).toBeGreaterThan(1);
      expect(overWide(warning.join("\n"), columns)).toEqual([]);
      // Lines are filled to the width, not to a fixed one.
      expect(Math.max(...warning.map((line) => displayWidth(line)))).toBeGreaterThan(columns - 20);
      expect(warning.at(-1)).toMatch(/(^| )openclaw models scan --provider moonshot --add$/);
    }
  });
});

describe("usage at $COLUMNS", () => {
  it("tells two models of one provider apart: a name too wide takes more lines, none is cut", async () => {
    const dir = tempDir();
    const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
    const models = ["moonshot/kimi-k2-thinking", "moonshot/kimi-k2.5"];
    for (const model of models) {
      ledger.record(ledgerRow({ modelRequested: model, modelUsed: model, latencyMs: 1234 }));
    }
    await ledger.close();
    const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "60" };
    for (const args of [["usage"], ["usage", "--last", "5"]]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain("…");
      const lines = result.stdout.split("\n");
      expect(overWide(result.stdout, 60).filter((line) => !line.startsWith("ledger: "))).toEqual(
        [],
      );
      // Each name whole again when the lines of its cell are put back together.
      const offset = lines[0]?.indexOf("Model") ?? -1;
      const names: string[] = [];
      for (const line of lines.slice(1)) {
        const cell = (line.slice(offset).split(/\s{2,}/)[0] ?? "").trim();
        const others = `${line.slice(0, offset)}${line.slice(offset).replace(cell, "")}`;
        const previous = names.at(-1) ?? "";
        if (others.trim() === "" && /[-/]$/.test(previous)) names.push(`${names.pop()}${cell}`);
        else names.push(cell);
      }
      expect(names).toEqual(expect.arrayContaining(models));
    }
  });
});

describe("models status at $COLUMNS", () => {
  it("wraps the aliases under their first, each whole where it fits, none lost", async () => {
    const { state, onboard } = simState(retiredSim);
    expect((await state.run(onboard)).code).toBe(0);
    const result = await state.run(["models", "status"], { COLUMNS: "60" });
    expect(result.code).toBe(0);
    // A path is left whole, to be copied.
    const paths = /^(Config|Credentials): +\S+$/;
    expect(overWide(result.stdout, 60).filter((line) => !paths.test(line))).toEqual([]);
    const lines = result.stdout.split("\n");
    const first = lines.findIndex((line) => line.startsWith("Aliases:     Kimi K2.5 → "));
    expect(first).toBeGreaterThanOrEqual(0);
    const more: string[] = [];
    for (const line of lines.slice(first + 1)) {
      if (!line.startsWith(" ".repeat(13))) break;
      more.push(line.trim());
    }
    expect(more.length).toBeGreaterThan(0);
    const listed = [lines[first]?.slice(13), ...more].join(" ");
    expect(listed).toContain("Kimi K2 → moonshot/kimi-k2-0905-preview,");
    expect(listed).toContain("Kimi K2 Thinking Turbo → moonshot/kimi-k2-thinking-turbo");
  });
});

describe("onboard at $COLUMNS", () => {
  it("wraps the key check's message and each change under its text, no word lost", async () => {
    const { state, onboard } = simState(retiredSim);
    const result = await state.run(onboard, { COLUMNS: "60" });
    expect(result.code).toBe(0);
    // A path is left whole, to be copied.
    const paths = /^(Config|Credential): +\S+$/;
    expect(overWide(result.stdout, 60).filter((line) => !paths.test(line))).toEqual([]);
    const lines = result.stdout.split("\n");
    const aliases = lines.findIndex((line) => line.startsWith("  - aliases: "));
    expect(lines[aliases + 1]).toMatch(/^ {4}\S/);
    expect(lines[1]).toMatch(/^ {2}\S/);
    // The same words as a terminal wide enough shows on one line each.
    const other = simState(retiredSim).state;
    const wide = await other.run(onboard, { COLUMNS: "400" });
    const words = (text: string) => text.split(/\s+/).filter((word) => !word.includes("/tmp/"));
    expect(words(result.stdout)).toEqual(words(wide.stdout));
  });
});

/**
 * The words of a command's output, less the ` \` a command too long for the terminal is broken
 * with (a shell line continuation, so the command still pastes as one).
 */
const words = (text: string) => text.split(/\s+/).filter((word) => word !== "" && word !== "\\");

describe("models scan at $COLUMNS", () => {
  it("wraps what it found under the model's id, no word lost", async () => {
    const { state, onboard } = simState();
    expect((await state.run(onboard)).code).toBe(0);
    const scan = ["models", "scan", "--provider", "moonshot"];
    const narrow = await state.run(scan, { COLUMNS: "60" });
    const wide = await state.run(scan, { COLUMNS: "400" });
    expect(narrow.code).toBe(0);
    // The simulator's kimi-k2.5 takes images and video, which the docs' entry does not say.
    expect(wide.stdout).toContain(
      "~ differs kimi-k2.5: the endpoint says it takes images and video",
    );
    expect(overWide(narrow.stdout, 60)).toEqual([]);
    const lines = narrow.stdout.split("\n");
    const differs = lines.findIndex((line) => line.startsWith("  ~ differs "));
    expect(lines[differs + 1]).toMatch(/^ {12}\S/);
    expect(words(narrow.stdout)).toEqual(words(wide.stdout));
  });
});

describe("models scan with a gone default and fallback at $COLUMNS", () => {
  it("starts every finding's text in one column and wraps the chain's notes, commands whole", async () => {
    const { state, onboard } = simState();
    expect((await state.run(onboard)).code).toBe(0);
    const chain =
      '{primary: "moonshot/kimi-k2-thinking", fallbacks: ["moonshot/kimi-k2-turbo-preview"]}';
    expect((await state.run(["config", "set", "agents.defaults.model", chain])).code).toBe(0);
    const narrow = await state.run(["models", "scan"], { COLUMNS: "70" });
    const wide = await state.run(["models", "scan"], { COLUMNS: "400" });
    expect(narrow.code).toBe(0);
    expect(overWide(narrow.stdout, 70)).toEqual([]);
    expect(words(narrow.stdout)).toEqual(words(wide.stdout));
    // `+ new`, `- gone` and `~ differs` alike: the text after each starts in column 12.
    const findings = wide.stdout.split("\n").filter((line) => /^ {2}[+~-] /.test(line));
    expect(findings.map((line) => line.slice(0, 2 + 10).trimEnd())).toEqual(
      expect.arrayContaining(["  + new", "  - gone", "  ~ differs"]),
    );
    for (const line of findings) expect(line.slice(12)).toMatch(/^kimi-/);
    // Each note about the chain goes on under itself; its command is whole on a line.
    const lines = narrow.stdout.trimEnd().split("\n");
    const note = lines.findIndex((line) => line.startsWith("moonshot/kimi-k2-turbo-preview, "));
    expect(lines.slice(note + 1)).toEqual([
      expect.stringMatching(/^ {2}\S/),
      "    openclaw models fallbacks remove moonshot/kimi-k2-turbo-preview",
    ]);
    expect(lines).toContain("    openclaw models set moonshot/kimi-k2.5");
  });
});

describe("models scan at 60 columns, commands continued under a finding", () => {
  it("fits every line, a continued argument moved left rather than past the edge", async () => {
    const { state, onboard } = simState();
    expect((await state.run(onboard)).code).toBe(0);
    const chain =
      '{primary: "moonshot/kimi-k2-thinking", fallbacks: ["moonshot/kimi-k2-turbo-preview"]}';
    expect((await state.run(["config", "set", "agents.defaults.model", chain])).code).toBe(0);
    const narrow = await state.run(["models", "scan"], { COLUMNS: "60" });
    const wide = await state.run(["models", "scan"], { COLUMNS: "400" });
    expect(narrow.code).toBe(0);
    // No exemption for a command or a continued argument: each fits 60 cells once indented less.
    const tooWide = narrow.stdout.split("\n").filter((line) => displayWidth(line) > 60);
    expect(tooWide).toEqual([]);
    expect(words(narrow.stdout)).toEqual(words(wide.stdout));
    const lines = narrow.stdout.split("\n");
    // The argument 61 cells wide under `~ differs` before: whole, its line ending in ` \`.
    expect(lines).toContain("               'models.providers.moonshot.models[0].input' \\");
    expect(lines).toContain("    openclaw models fallbacks remove \\");
  });

  it("moves a continued command left as a whole, each argument still under it, 4 cells in", async () => {
    const { state, onboard } = simState();
    expect((await state.run(onboard)).code).toBe(0);
    const narrow = await state.run(["models", "scan"], { COLUMNS: "60" });
    expect(narrow.code).toBe(0);
    const lines = narrow.stdout.split("\n");
    const indent = (line: string | undefined) => /^ */.exec(line ?? "")?.[0].length ?? 0;
    const commands = lines.flatMap((line, at) =>
      line.trim() === "openclaw config set \\" ? [at] : [],
    );
    // One for images (kimi-k2.5's reasoning: false is no difference: it thinks unless told not to).
    expect(commands).toHaveLength(1);
    for (const at of commands) {
      expect(lines[at + 1]).toMatch(/^ *'models\.providers\.moonshot\.models\[0\]\.\w+' \\$/);
      expect(indent(lines[at + 1])).toBe(indent(lines[at]) + 4);
      expect(indent(lines[at + 2])).toBe(indent(lines[at]) + 4);
    }
    // The input argument and its ` \` are 45 cells: 15 in fits 60, so its command starts at 11,
    // not at the finding's 12 with the argument a cell left of it.
    expect(lines).toContain("               'models.providers.moonshot.models[0].input' \\");
    expect(lines).toContain("           openclaw config set \\");
    expect(overWide(narrow.stdout, 60)).toEqual([]);
  });
});

describe("agent at $COLUMNS", () => {
  it("breaks its footer between parts, none cut, the session id whole", async () => {
    const { state, onboard } = simState();
    expect((await state.run(onboard)).code).toBe(0);
    const result = await state.run(["agent", "-m", "Hello"], { COLUMNS: "60" });
    expect(result.code).toBe(0);
    expect(overWide(result.stderr, 60)).toEqual([]);
    // (The model's reasoning comes first on stderr.)
    const lines = result.stderr.trimEnd().split("\n");
    const footer = lines.slice(lines.findIndex((line) => line.startsWith("moonshot/kimi-k2.5 · ")));
    expect(footer.length).toBeGreaterThan(1);
    expect(footer[0]).toMatch(/^moonshot\/kimi-k2\.5 · tokens: /);
    expect(footer.at(-1)).toMatch(/(^| · )session [0-9a-f-]{36}$/);
  });

  it("wraps the note on an answer cut at the limit, and its hint, under their text", async () => {
    const { state, onboard } = simState();
    expect((await state.run(onboard)).code).toBe(0);
    sim.script([{ respond: { reply: { text: "The first half", finishReason: "length" } } }]);
    const result = await state.run(["agent", "-m", "Hello", "--thinking", "off"], {
      COLUMNS: "50",
    });
    expect(result.code).toBe(0);
    expect(overWide(result.stderr, 50)).toEqual([]);
    const lines = result.stderr.split("\n");
    const note = lines.findIndex((line) => line.startsWith("note: the answer was cut off"));
    expect(note).toBeGreaterThanOrEqual(0);
    expect(lines[note + 1]).toMatch(/^ {6}\S/);
    expect(lines.some((line) => line.startsWith("hint: raise the limit"))).toBe(true);
  });

  it("wraps a retry's note, its further lines indented, no model ref broken", async () => {
    const { state, onboard } = simState();
    expect((await state.run(onboard)).code).toBe(0);
    sim.failNext(1, "server");
    const result = await state.run(["agent", "-m", "Hello"], { COLUMNS: "50" });
    expect(result.code).toBe(0);
    expect(overWide(result.stderr, 50)).toEqual([]);
    const lines = result.stderr.split("\n");
    const retry = lines.findIndex((line) => line.startsWith("retrying moonshot/kimi-k2.5 in "));
    expect(retry).toBeGreaterThanOrEqual(0);
    expect(lines[retry + 1]).toMatch(/^ {2}\S/);
  });
});

describe("config edits at $COLUMNS", () => {
  it("put the file written on a line of its own when the line would not fit, the path whole", async () => {
    const state = tempFiles({ "openclaw.json": JSON.stringify({ gateway: { port: 18789 } }) });
    const env = { OPENCLAW_STATE_DIR: state, COLUMNS: "50" };
    const file = join(state, "openclaw.json");
    const unset = await runCli(["config", "unset", "gateway.port"], { env });
    expect(unset.code).toBe(0);
    expect(unset.stdout).toBe(`✓ removed gateway.port\n  (${file})\n`);
    const valid = await runCli(["config", "validate"], { env });
    expect(valid.code).toBe(0);
    expect(overWide(valid.stdout, 50)).toEqual([]);
    expect(valid.stdout.replace(/\n {2}/g, " ")).toContain(
      `✓ config is valid: ${file} (no providers configured)`,
    );
  });
});
