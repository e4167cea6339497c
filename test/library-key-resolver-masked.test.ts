/**
 * createKeyResolver's errors when it is created, masked as those of its lookups are. An agent dir
 * written `~/…` under a directory named with a pasted key, or an option name that is a pasted key
 * (`createKeyResolver({ [key]: true })`), came back in the error's message, `where` and hint as
 * written: a program that logs the error wrote the key to its logs. Both are now masked
 * (`sk-***`), as what readAuthStore and a lookup throw are; the refusals stay as they were.
 */
import { describe, expect, it } from "vitest";
import { createKeyResolver } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";

/** Key-shaped, plainly fake. */
const KEY = "sk-fake-abc-01";

/** Plain JavaScript's view of the call: any options object goes. */
type Loose = (options: unknown) => unknown;

/** Every string an error shows a program that logs it. */
function shown(error: unknown): string {
  const { message, where, hint, stack } = error as Record<string, unknown>;
  return [message, where, hint, stack, JSON.stringify(error), String(error)].join("\n");
}

describe("createKeyResolver's refusals when created", () => {
  it("an agent dir that starts with ~ is refused with the key in its path masked", () => {
    const error = refusal(() => createKeyResolver({ agentDir: `~/${KEY}/agents/main/agent` }));
    expect(error).toMatchObject({ code: "usage", where: "agentDir" });
    expect(error.message).toBe(
      `createKeyResolver's agentDir "~/sk-***/agents/main/agent" starts with ~, which only a shell expands: here it would be a directory named ~ under the working directory (${process.cwd()})`,
    );
    expect(shown(error)).not.toContain(KEY);
  });

  it("an option named with a key is refused with the key masked", () => {
    const error = refusal(() => (createKeyResolver as Loose)({ [KEY]: true }));
    expect(error.code).toBe("usage");
    expect(error.message).toBe('createKeyResolver has no option "sk-***"');
    expect(shown(error)).not.toContain(KEY);
  });
});
