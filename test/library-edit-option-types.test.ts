/**
 * setConfigValue's and unsetConfigValue's env and check as plain JavaScript may pass them:
 * `env: "production"` was read as an env with no variable set, and the edit was made and
 * validated against it without a word (a `${VAR}` the process sets read as unset); a `check` that
 * is no function failed deep inside with "check is not a function", after the option names were
 * checked. Each is refused before the file is touched: code `usage`, `where` the option.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setConfigValue, unsetConfigValue } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

const TEXT = '{ "gateway": { "port": 18789 } }\n';

describe("setConfigValue's and unsetConfigValue's env and check", () => {
  it("an env that is no object of variables, or a check that is no function, is refused, the file untouched", () => {
    const file = join(tempDir(), "openclaw.json");
    writeFileSync(file, TEXT);
    for (const [name, options, where] of [
      ["setConfigValue", { env: "production" }, "env"],
      ["setConfigValue", { check: true }, "check"],
      ["unsetConfigValue", { env: "production" }, "env"],
    ] as const) {
      const error = refusal(() =>
        name === "setConfigValue"
          ? setConfigValue(file, "gateway.port", 8080, options as never)
          : unsetConfigValue(file, "gateway.port", options as never),
      );
      expect(error.code).toBe("usage");
      expect(error.where).toBe(where);
      expect(error.message).toMatch(new RegExp(`^${name}'s option ${where} must be`));
      expect(readFileSync(file, "utf8")).toBe(TEXT);
    }
  });
});
