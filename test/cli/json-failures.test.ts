/**
 * Every command run with `--json` prints one JSON object on stdout when it fails, whatever failed
 * (a usage mistake commander finds, an argument the command refuses, a config it cannot read, a
 * port in use): `{"ok": false, "error": {"code", "message", "where", "hint"}}`, `gateway --json`
 * as one more event line; the error is not said on stderr as well. A mistake in a model or
 * address typed on the command line exits 2. Runs the built CLI (`npm run build` first).
 */

import { copyFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshState, type StateDir } from "../onboard/harness.js";

const SEED = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

function seeded(): StateDir {
  const state = freshState();
  copyFileSync(SEED, state.configPath);
  return state;
}

interface Failure {
  ok: boolean;
  error: { code: string; message: string; where: string | null; hint: string | null };
}

function failureOf(stdout: string): Failure {
  const parsed = JSON.parse(stdout) as Failure;
  expect(parsed.ok).toBe(false);
  expect(typeof parsed.error.code).toBe("string");
  // Every key there every time, so that a script can read error.where without checking for it.
  expect(Object.keys(parsed.error)).toEqual(expect.arrayContaining(["where", "hint"]));
  return parsed;
}

describe("--json failures print one JSON object on stdout", () => {
  // One test per command: each runs the CLI once, so a loaded machine's slow starts do not add up
  // against one test's timeout.
  it.each<[string[], RegExp]>([
    [["models", "list", "--json", "--bogus"], /unknown option '--bogus'/],
    [["models", "status", "--json", "--plain"], /--json and --plain/],
    [["doctor", "--json", "--bogus"], /unknown option '--bogus'/],
    [["usage", "--json", "--since", "bogus"], /neither a duration nor a date/],
    [["models", "lst", "--json"], /unknown command 'lst'/],
    [["config", "file", "--json", "--bogus"], /unknown option '--bogus'/],
    // The mistake before --json counts too: commander stops at it.
    [["onboard", "--bogus", "--json"], /unknown option '--bogus'/],
  ])(
    "for usage mistakes commander finds and arguments a command refuses (exit 2): %j",
    async (args, message) => {
      const result = await seeded().run(args);
      expect(result.code, args.join(" ")).toBe(2);
      const failure = failureOf(result.stdout);
      expect(failure.error.code).toBe("usage");
      expect(failure.error.message).toMatch(message);
      expect(failure.error.hint).toBeTruthy();
      expect(failure.error.where).toBeNull();
      // Said once, where the script reads it: no second, human copy on stderr.
      expect(result.stderr, args.join(" ")).toBe("");
    },
  );

  it("config schema takes --json too (its output is JSON either way)", async () => {
    const result = await seeded().run(["config", "schema", "--json"]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { title: string }).title).toBe("openclaw.json");
  });

  /** A state dir whose config stops inside its first object. */
  function unreadable(): StateDir {
    const state = freshState();
    writeFileSync(state.configPath, "{ models: { providers: ");
    return state;
  }

  it.each([
    [["models", "list", "--json"]],
    [["models", "aliases", "list", "--json"]],
    [["models", "fallbacks", "list", "--json"]],
  ])("for a config that cannot be read (exit 1): %j", async (args) => {
    const state = unreadable();
    const result = await state.run(args);
    expect(result.code, args.join(" ")).toBe(1);
    const failure = failureOf(result.stdout);
    expect(failure.error.code).toMatch(/^config\./);
    expect(failure.error.where).toBe(`${state.configPath}:1`);
    expect(result.stderr, args.join(" ")).toBe("");
  });

  it("config validate --json with a config that cannot be read holds the reasons in its own object", async () => {
    const state = unreadable();
    // config validate's own object holds the reasons; nothing on stderr either.
    const validate = await state.run(["config", "validate", "--json"]);
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout)).toMatchObject({
      valid: false,
      problems: [{ code: "config.syntax", file: state.configPath }],
    });
    expect(validate.stderr).toBe("");
  });

  it("without --json, a config that cannot be read is said on stderr, stdout empty", async () => {
    const text = await unreadable().run(["models", "list"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe("");
    expect(text.stderr).toMatch(/^error: .*openclaw\.json:1:\d+: /m);
    // The file ends inside its first object: the hint names the "{" left open.
    expect(text.stderr).toMatch(/^hint: add the "\}" that ends the object opened at line 1/m);
  });

  /** A state dir whose config stops inside gateway.ledger. */
  function unreadableLedger(): StateDir {
    const state = freshState();
    writeFileSync(state.configPath, "{ gateway: { ledger: ");
    return state;
  }

  it.each([[["usage", "--json"]], [["usage", "--json", "--last", "5"]]])(
    "usage --json with a config it cannot read reports the default ledger and says why in configError: %j",
    async (args) => {
      const state = unreadableLedger();
      const result = await state.run(args);
      expect(result.code, args.join(" ")).toBe(0);
      const report = JSON.parse(result.stdout) as { ledger: string; configError: Failure["error"] };
      expect(report.ledger).toBe(join(state.dir, "usage.sqlite"));
      expect(report.configError).toMatchObject({
        code: "config.syntax",
        where: `${state.configPath}:1`,
      });
      expect(result.stderr, args.join(" ")).toBe("");
    },
  );

  it("usage with a config it cannot read warns that it reads the default ledger", async () => {
    const text = await unreadableLedger().run(["usage"]);
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/^warning: the config could not be read, so the default ledger/m);
  });

  it("usage --json with a readable config and no ledger yet is an empty report", async () => {
    // No ledger yet (no gateway has run): an empty report, nothing on stderr.
    const fine = await seeded().run(["usage", "--json"]);
    expect(fine.code).toBe(0);
    expect(JSON.parse(fine.stdout)).toMatchObject({ configError: null, groups: [] });
    expect(fine.stderr).toBe("");
  });

  it("gateway --json says why it could not start as an error event", async () => {
    const state = freshState();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = await state.run(["gateway", "--json", "--port", String(port)]);
      expect(result.code).toBe(1);
      const events = result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(events.at(-1)).toMatchObject({
        event: "error",
        ok: false,
        error: { code: "gateway.port_in_use" },
      });
      expect(events.at(-1)?.time).toEqual(expect.any(String));
      expect(result.stderr).toBe("");
    } finally {
      taken.close();
    }
  });
});

describe("a model or address typed on the command line that names nothing", () => {
  it.each([
    [["models", "set", "nope/x"]],
    [["models", "set", "moonshot/kimi-k2-turbo"]],
    [["models", "aliases", "add", "A", "nope/x"]],
    [["models", "fallbacks", "add", "nope"]],
  ])("is a usage mistake, exit 2: %j", async (args) => {
    const result = await seeded().run(args);
    expect(result.code, args.join(" ")).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown (model|provider)/m);
  });

  it("is a usage mistake with --json too, as one JSON object", async () => {
    const json = await seeded().run(["models", "set", "nope/x", "--json"]);
    expect(json.code).toBe(2);
    expect(failureOf(json.stdout).error.code).toBe("model.unknown_provider");
  });

  it("gateway --bind lann is a usage mistake that suggests lan", async () => {
    const state = freshState();
    const result = await state.run(["gateway", "--bind", "lann", "--port", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot listen on "lann"');
    expect(result.stderr).toMatch(/^hint: did you mean --bind lan\?/m);
  });
});

describe("models set / aliases / fallbacks --json", () => {
  it("print what changed as one object", async () => {
    const state = seeded();
    const set = await state.run(["models", "set", "Kimi K2 Turbo", "--json"]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      ok: true,
      changed: true,
      model: "moonshot/kimi-k2-turbo-preview",
      configPath: state.configPath,
    });
    const add = await state.run(["models", "aliases", "add", "T", "Kimi K2 Turbo", "--json"]);
    expect(JSON.parse(add.stdout)).toMatchObject({ ok: true, alias: "T" });
    const fallback = await state.run(["models", "fallbacks", "add", "Kimi K2", "--json"]);
    expect(JSON.parse(fallback.stdout)).toMatchObject({
      ok: true,
      model: "moonshot/kimi-k2-0905-preview",
    });
    const clear = await state.run(["models", "fallbacks", "clear", "--json"]);
    expect(JSON.parse(clear.stdout)).toMatchObject({ ok: true, changed: true });
  });
});
