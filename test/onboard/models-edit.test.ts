import { describe, expect, it } from "vitest";
import { OpenClawError } from "../../src/errors.js";
import { addAlias } from "../../src/onboard/index.js";

function refusal(alias: string): OpenClawError {
  try {
    addAlias({}, alias, "moonshot/kimi-k2.5");
  } catch (error) {
    expect(error).toBeInstanceOf(OpenClawError);
    return error as OpenClawError;
  }
  throw new Error(`expected alias ${JSON.stringify(alias)} to be refused`);
}

describe("models aliases add", () => {
  it("refuses an alias carrying ESC or a newline, and shows it escaped, never raw", () => {
    const error = refusal("ev\u001b[2Jil\nX");
    expect(error.code).toBe("alias.invalid");
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("control character");
    expect(error.message).toContain("\\u001b[2Jil\\nX");
    expect(error.message).not.toMatch(/\p{Cc}/u);
    expect(refusal("tab\there").code).toBe("alias.invalid");
  });

  it("still refuses an empty alias and one with a '/', and takes a plain name", () => {
    expect(refusal("  ").message).toContain("empty");
    expect(refusal("moonshot/kimi-k2.5").message).toContain('"/"');
    const config = {};
    expect(addAlias(config, "Kimi ✨", "moonshot/kimi-k2.5").changed).toBe(true);
    expect(config).toEqual({
      agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "Kimi ✨" } } } },
    });
  });
});
