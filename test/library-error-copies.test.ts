/**
 * An app and a plugin that each install their own copy of the package: an error thrown by one
 * copy was not an OpenClaw error to the other's `isOpenClawError` (it used `instanceof`, and each
 * copy has its own class), so its code and hint were lost. Node loads the built errors module a
 * second time when it is imported under another URL, as a second installed copy would be.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const library = pathToFileURL(join(import.meta.dirname, "../dist/index.js")).href;
const errors = pathToFileURL(join(import.meta.dirname, "../dist/errors.js")).href;

const program = `
const first = await import(${JSON.stringify(library)});
const second = await import(${JSON.stringify(`${errors}?copy=2`)});
class SecondConfigError extends second.OpenClawError {
  constructor(message) {
    super("config.invalid", message, { hint: "set a number", where: "openclaw.json:3" });
    this.name = "ConfigError";
  }
}
const fromSecond = new SecondConfigError("bad port");
const fake = Object.assign(new Error("not ours"), { code: "config.invalid" });
console.log(JSON.stringify({
  twoCopies: first.OpenClawError !== second.OpenClawError,
  otherCopyInstanceof: fromSecond instanceof first.OpenClawError,
  otherCopySubclass: first.isOpenClawError(fromSecond),
  otherCopyBase: first.isOpenClawError(new second.OpenClawError("x.y", "m")),
  otherCopyUsage: first.isOpenClawError(new second.UsageError("bad flag")),
  sameCopy: first.isOpenClawError(new first.ConfigError("config.invalid", "m")),
  sameCopyInstanceof: new first.ConfigError("config.invalid", "m") instanceof first.OpenClawError,
  plainErrorWithCode: first.isOpenClawError(fake),
  notAnError: first.isOpenClawError({ code: "config.invalid", message: "m" }),
}));
`;

describe("isOpenClawError with two copies of the package loaded", () => {
  it("recognises an error from the other copy, and nothing that is not one", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", program],
      { timeout: 30_000 },
    );
    expect(JSON.parse(stdout)).toEqual({
      twoCopies: true,
      otherCopyInstanceof: false,
      otherCopySubclass: true,
      otherCopyBase: true,
      otherCopyUsage: true,
      sameCopy: true,
      sameCopyInstanceof: true,
      plainErrorWithCode: false,
      notAnError: false,
    });
  });
});
