/**
 * openSessionWriter as plain JavaScript calls it. A misspelled option (`{ sinc: false }`) or a
 * `sync` read from a setting as the string "false" was taken without a word, and every event was
 * flushed as if nothing had been given. Each is now an OpenClawError (code `usage`, `where` the
 * option) naming the options it takes, as lockSession's are, and no file is written.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openSessionWriter } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

/** Plain JavaScript's view of a call: any argument goes. */
type Loose = (...args: unknown[]) => unknown;

describe("openSessionWriter's options", () => {
  it("refuses a misspelled option, naming the one meant, and writes nothing", () => {
    const file = path.join(tempDir(), "support-42.jsonl");
    const typo = refusal(() =>
      (openSessionWriter as Loose)(file, "support-42", "main", { sinc: false }),
    );
    expect(typo).toMatchObject({ code: "usage", where: "sinc" });
    expect(typo.message).toBe('openSessionWriter has no option "sinc" (did you mean sync?)');
    expect(typo.hint).toBe(
      "spell it sync, or leave it out: the options openSessionWriter takes are sync",
    );
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a sync that is no boolean, and an options value that is no object", () => {
    const file = path.join(tempDir(), "support-42.jsonl");
    const text = refusal(() =>
      (openSessionWriter as Loose)(file, "support-42", "main", { sync: "false" }),
    );
    expect(text).toMatchObject({ code: "usage", where: "sync" });
    expect(text.message).toBe(
      "openSessionWriter's option sync must be true or false, got a string",
    );
    const flag = refusal(() => (openSessionWriter as Loose)(file, "support-42", "main", false));
    expect(flag.message).toBe("openSessionWriter takes an options object {...}, got boolean");
    expect(existsSync(file)).toBe(false);
  });

  it("takes sync: false and no options as before", () => {
    const file = path.join(tempDir(), "support-42.jsonl");
    const writer = openSessionWriter(file, "support-42", "main", { sync: false });
    writer.appendModel("kimi-k2.5");
    writer.close();
    openSessionWriter(file, "support-42", "main").close();
    expect(readFileSync(file, "utf8")).toContain('"model":"kimi-k2.5"');
  });
});
