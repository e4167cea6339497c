/**
 * `toResolvedKey(key, source)`, which a program's own `resolveKey` returns its keys with, given
 * what plain JavaScript passes: a variable that is not set (`process.env.MY_KEY`), an empty one,
 * a source as a word (`"vault"`) or of a kind that does not exist. Before, the first two failed
 * with `TypeError: key.trim is not a function` (or `reading 'trim'`) from inside the package, and
 * a bad source was taken, to fail later where a refusal of the key names its source. Now each is
 * an OpenClawError, code `usage`, `where` the argument, the hint saying what to pass, and the
 * key's text never in it; inside startGateway's resolveKey it reaches the start's error.
 */
import { describe, expect, it } from "vitest";
import { isOpenClawError, type KeySource, startGateway, toResolvedKey } from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";

const KEY = "sk-fake-abc-01";
const SOURCE: KeySource = { kind: "env", variable: "MY_APP_KEY" };
const HINT =
  'toResolvedKey(key, source) takes the key your program read, as a string, and where it read it, such as { kind: "env", variable: "MY_APP_KEY" }';

/** What toResolvedKey threw for these arguments, as plain JavaScript passes them. */
function thrown(value: unknown, source: unknown): unknown {
  try {
    toResolvedKey(value as string, source as KeySource);
  } catch (error) {
    return error;
  }
  throw new Error("toResolvedKey threw nothing");
}

describe("toResolvedKey given what is no key or no source", () => {
  it("refuses a key that is not a string, by its kind", () => {
    expect(thrown(undefined, SOURCE)).toMatchObject({
      code: "usage",
      where: "value",
      message: "toResolvedKey needs the key as a string, got undefined",
      hint: HINT,
    });
    expect(thrown(42, SOURCE)).toMatchObject({
      message: "toResolvedKey needs the key as a string, got a number",
    });
  });

  it("refuses an empty key, saying to return undefined instead", () => {
    expect(thrown("", SOURCE)).toMatchObject({
      code: "usage",
      where: "value",
      message: "toResolvedKey got an empty string as the key",
      hint: "a variable set to an empty string holds no key: have resolveKey return undefined for that model (the error it gets then names resolveKey), not a key",
    });
  });

  it("refuses a source that is no KeySource, never quoting the key", () => {
    const word = thrown(KEY, "vault");
    expect(word).toMatchObject({
      code: "usage",
      where: "source",
      message: "toResolvedKey needs the key's source as an object, got a string",
      hint: HINT,
    });
    expect(thrown(KEY, { kind: "vault" })).toMatchObject({
      where: "source",
      message: `toResolvedKey's source.kind is a string, not "profile", "env" or "config"`,
    });
    expect(thrown(KEY, { kind: "env" })).toMatchObject({
      message: "toResolvedKey's source (kind env) has no variable (a string)",
    });
    for (const error of [word, thrown(KEY, { kind: "vault" })]) {
      expect(isOpenClawError(error)).toBe(true);
      expect(JSON.stringify(error)).not.toContain(KEY);
    }
  });

  it("builds a key from good arguments as before", () => {
    const key = toResolvedKey(KEY, SOURCE);
    expect(key.value).toBe(KEY);
    expect(key.source).toEqual(SOURCE);
    expect(key.masked).not.toContain(KEY);
    expect(key.fingerprint).toMatch(/\S/);
  });

  it("inside startGateway's resolveKey, the start says it, naming toResolvedKey", async () => {
    const env: Record<string, string | undefined> = {};
    const started = startGateway({
      port: 0,
      watch: false,
      env: { OPENCLAW_STATE_DIR: tempDir("openclaw-to-resolved-key-") },
      config: {
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
        gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
      },
      resolveKey: () => toResolvedKey(env.MY_APP_KEY as string, SOURCE),
    });
    await expect(started).rejects.toMatchObject({
      code: "gateway.resolve_key_threw",
      where: "resolveKey",
      message: expect.stringContaining("toResolvedKey needs the key as a string, got undefined"),
    });
  });
});
