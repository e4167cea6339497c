/**
 * setConfigValue and unsetConfigValue as a JavaScript program calls them: an option name they do
 * not take (`{ backups: false }`, `{ validate: false }`) is refused before the file is touched,
 * as loadCatalog, openRuntime and startGateway refuse theirs. Before, the edit was made as if the
 * option had not been given: the `.bak` written the caller meant to go without, the check run
 * that the caller meant to skip.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setConfigValue, unsetConfigValue } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

const env = { OPENCLAW_STATE_DIR: "/nonexistent/openclaw-state" };
const written = '{\n  "gateway": { "port": 18789 }\n}\n';

function configFile(): string {
  const file = join(tempDir(), "openclaw.json");
  writeFileSync(file, written);
  return file;
}

describe("setConfigValue's and unsetConfigValue's option names", () => {
  it("setConfigValue refuses backups (did you mean backup?) and leaves the file and its .bak alone", () => {
    const file = configFile();
    const error = refusal(() =>
      setConfigValue(file, "gateway.port", 8080, { env, backups: false } as never),
    );
    expect(error.code).toBe("usage");
    expect(error.where).toBe("backups");
    expect(error.message).toBe('setConfigValue has no option "backups" (did you mean backup?)');
    expect(error.hint).toBe(
      "spell it backup, or leave it out: the options setConfigValue takes are env, check, backup, providerProblems, typed",
    );
    expect(readFileSync(file, "utf8")).toBe(written);
    expect(existsSync(`${file}.bak`)).toBe(false);
    // Spelt right, the edit is made.
    expect(setConfigValue(file, "gateway.port", 8080, { env }).changed).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8")).gateway.port).toBe(8080);
  });

  it("unsetConfigValue refuses a name it does not take and leaves the file as it was", () => {
    const file = configFile();
    const error = refusal(() =>
      unsetConfigValue(file, "gateway.port", { env, validate: false } as never),
    );
    expect(error.code).toBe("usage");
    expect(error.message).toBe('unsetConfigValue has no option "validate"');
    expect(error.hint).toBe(
      "leave it out: the options unsetConfigValue takes are env, check, backup, providerProblems",
    );
    expect(readFileSync(file, "utf8")).toBe(written);
    // typed is setConfigValue's alone.
    expect(
      refusal(() => unsetConfigValue(file, "gateway.port", { typed: "18789" } as never)).message,
    ).toBe('unsetConfigValue has no option "typed"');
  });

  it("a key pasted as an option's name is not quoted whole in the refusal", () => {
    const file = configFile();
    const pasted = `sk-${"k".repeat(40)}`;
    for (const edit of [
      () => setConfigValue(file, "gateway.port", 8080, { [pasted]: true } as never),
      () => unsetConfigValue(file, "gateway.port", { [pasted]: true } as never),
    ]) {
      const error = refusal(edit);
      expect(error.code).toBe("usage");
      expect(error.message).toMatch(/has no option "sk-\*\*\*…"/);
      expect(JSON.stringify({ ...error, message: error.message, hint: error.hint })).not.toContain(
        pasted,
      );
    }
    expect(readFileSync(file, "utf8")).toBe(written);
  });

  it("options that are no object are refused", () => {
    const file = configFile();
    const error = refusal(() => setConfigValue(file, "gateway.port", 8080, "backup" as never));
    expect(error.code).toBe("usage");
    expect(error.message).toBe("setConfigValue takes an options object {...}, got string");
    expect(readFileSync(file, "utf8")).toBe(written);
  });
});
