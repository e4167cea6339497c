/**
 * Every command run with `--json` prints one JSON object on stdout when it fails, whatever failed
 * (a usage mistake commander finds, an argument the command refuses, a config it cannot read, a
 * port in use): `{"ok": false, "error": {"code", "message", "hint"}}`, `gateway --json` as one
 * more event line. A mistake in a model or address typed on the command line exits 2. Runs the
 * built CLI (`npm run build` first).
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
  error: { code: string; message: string; hint: string | null };
}

function failureOf(stdout: string): Failure {
  const parsed = JSON.parse(stdout) as Failure;
  expect(parsed.ok).toBe(false);
  expect(typeof parsed.error.code).toBe("string");
  return parsed;
}

describe("--json failures print one JSON object on stdout", () => {
  it("for usage mistakes commander finds and arguments a command refuses (exit 2)", async () => {
    const state = seeded();
    const cases: Array<[string[], RegExp]> = [
      [["models", "list", "--json", "--bogus"], /unknown option '--bogus'/],
      [["models", "status", "--json", "--plain"], /--json and --plain/],
      [["doctor", "--json", "--bogus"], /unknown option '--bogus'/],
      [["usage", "--json", "--since", "bogus"], /neither a duration nor a date/],
      [["models", "lst", "--json"], /unknown command 'lst'/],
      [["config", "file", "--json", "--bogus"], /unknown option '--bogus'/],
      // The mistake before --json counts too: commander stops at it.
      [["onboard", "--bogus", "--json"], /unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const result = await state.run(args);
      expect(result.code, args.join(" ")).toBe(2);
      const failure = failureOf(result.stdout);
      expect(failure.error.code).toBe("usage");
      expect(failure.error.message).toMatch(message);
      expect(failure.error.hint).toBeTruthy();
      // Said on stderr as well, for the person.
      expect(result.stderr).toMatch(message);
    }
  });

  it("config schema takes --json too (its output is JSON either way)", async () => {
    const result = await seeded().run(["config", "schema", "--json"]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { title: string }).title).toBe("openclaw.json");
  });

  it("for a config that cannot be read (exit 1)", async () => {
    const state = freshState();
    writeFileSync(state.configPath, "{ models: { providers: ");
    for (const args of [
      ["models", "list", "--json"],
      ["models", "aliases", "list", "--json"],
      ["models", "fallbacks", "list", "--json"],
    ]) {
      const result = await state.run(args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(failureOf(result.stdout).error.code).toMatch(/^config\./);
    }
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
    } finally {
      taken.close();
    }
  });
});

describe("a model or address typed on the command line that names nothing", () => {
  it("is a usage mistake, exit 2, in models set / aliases add / fallbacks add", async () => {
    const state = seeded();
    for (const args of [
      ["models", "set", "nope/x"],
      ["models", "set", "moonshot/kimi-k2-turbo"],
      ["models", "aliases", "add", "A", "nope/x"],
      ["models", "fallbacks", "add", "nope"],
    ]) {
      const result = await state.run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/^error: unknown (model|provider)/m);
    }
    const json = await state.run(["models", "set", "nope/x", "--json"]);
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
