/**
 * The config file's path under the name another call gives it: loadConfig and loadCatalog call it
 * `path`, validateConfig's source `file`. A program that passes the one name to the other call
 * was told to leave it out ("leave it out: the options validateConfig takes are file, …"), which
 * is the mistake the check is there to catch: left out, validateConfig blames its problems on no
 * file, and loadConfig reads the default config. It is told the name the call takes instead.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog, loadConfig, validateConfig } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";

const env = { OPENCLAW_STATE_DIR: "/nonexistent/openclaw-state" };

describe("the config file's path under another call's name for it", () => {
  it("validateConfig's source: path and configPath are spelt file", () => {
    for (const name of ["path", "configPath"]) {
      const error = refusal(() =>
        validateConfig({ gateway: { port: "x" } }, { [name]: "/srv/app/openclaw.json" } as never),
      );
      expect(error.code).toBe("usage");
      expect(error.where).toBe(name);
      expect(error.message).toBe(`validateConfig has no option "${name}" (did you mean file?)`);
      expect(error.hint).toBe(
        "spell it file, or leave it out: the options validateConfig takes are file, texts, parsed, templates",
      );
    }
  });

  it("loadConfig and loadCatalog: file is spelt path", () => {
    const error = refusal(() => loadConfig({ env, file: "/srv/app/openclaw.json" } as never));
    expect(error.message).toBe('loadConfig has no option "file" (did you mean path?)');
    expect(error.hint).toBe(
      "spell it path, or leave it out: the options loadConfig takes are path, env, ifMissing, providerProblems",
    );
    expect(refusal(() => loadCatalog({ env, file: "/x.json" } as never)).message).toBe(
      'loadCatalog has no option "file" (did you mean path?)',
    );
  });

  it("a name of the object's own prototype is no suggestion", () => {
    const error = refusal(() => validateConfig({}, { constructor: 1 } as never));
    expect(error.message).toBe('validateConfig has no option "constructor"');
  });
});
