/**
 * validateConfig's source and parseAuthStore's options as a JavaScript program passes them: a
 * name they do not take is refused, as loadConfig's and the other calls' are. Before,
 * `validateConfig(value, { path })` (loadConfig's name for the file) was read past and its
 * problems were blamed on no file; `parseAuthStore(text, where, { hasBackup })` left out the
 * repair hint's `.bak` without a word.
 */
import { describe, expect, it } from "vitest";
import { parseAuthStore, validateConfig } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";

describe("validateConfig's source and parseAuthStore's options", () => {
  it("validateConfig refuses { path } and names file, the name that blames the file", () => {
    const broken = { gateway: { port: "x" } };
    const error = refusal(() =>
      validateConfig(broken, { path: "/srv/app/openclaw.json" } as never),
    );
    expect(error.code).toBe("usage");
    expect(error.where).toBe("path");
    expect(error.message).toBe('validateConfig has no option "path" (did you mean file?)');
    expect(error.hint).toBe(
      "spell it file, or leave it out: the options validateConfig takes are file, texts, parsed, templates",
    );
    // With the name it takes, the problem is blamed on the file.
    expect(refusal(() => validateConfig(broken, { file: "/srv/app/openclaw.json" })).message).toBe(
      'invalid config: gateway.port: expected an integer from 1 to 65535, found the string "x" (/srv/app/openclaw.json)',
    );
  });

  it("parseAuthStore refuses a name it does not take, with the one it does", () => {
    const error = refusal(() =>
      parseAuthStore("{}", "/srv/app/auth-profiles.json", { backupexists: () => true } as never),
    );
    expect(error.code).toBe("usage");
    expect(error.message).toBe(
      'parseAuthStore has no option "backupexists" (did you mean backupExists?)',
    );
    expect(
      parseAuthStore('{"version": 1, "profiles": {}}', "/x", { backupExists: () => false })
        .profiles,
    ).toEqual({});
  });
});
