/**
 * `config set` on a list element that cannot be set (past the end, a key on a list): the error
 * names the path and the list, and says what to type instead; the file is left as it was.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `{
  // two fallbacks
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5", fallbacks: ["moonshot/kimi-k2-turbo-preview", "kimi-code/kimi-for-coding"] } } },
}
`;

function state(): { env: Record<string, string>; path: string } {
  const dir = tempDir();
  const path = join(dir, "openclaw.json");
  writeFileSync(path, CONFIG);
  return { env: { OPENCLAW_STATE_DIR: dir }, path };
}

describe("config set on a list element", () => {
  it("an index past the end names the list, its length, and the index that appends", async () => {
    const { env, path } = state();
    const result = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks[5]", "moonshot/kimi-k2.5"],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: agents.defaults.model.fallbacks[5] is past the end of the list agents.defaults.model.fallbacks, which has 2 elements ([0] to [1])\n" +
        "hint: add an element at the end as agents.defaults.model.fallbacks[2] (openclaw config set 'agents.defaults.model.fallbacks[2]' <value>), or set the whole list: openclaw config set agents.defaults.model.fallbacks '[\"…\", \"…\"]'; nothing was written\n",
    );
    expect(readFileSync(path, "utf8")).toBe(CONFIG);
  });

  it("--json says the same in the error object", async () => {
    const { env } = state();
    const result = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks[5]", "moonshot/kimi-k2.5", "--json"],
      { env },
    );
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: {
        code: "usage",
        message: expect.stringContaining("agents.defaults.model.fallbacks[5] is past the end"),
        hint: expect.stringContaining("agents.defaults.model.fallbacks[2]"),
      },
    });
  });

  it("a key on a list says it is a list and how its elements are named", async () => {
    const { env, path } = state();
    const result = await runCli(["config", "set", "agents.defaults.model.fallbacks.x", "1"], {
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: agents.defaults.model.fallbacks.x: agents.defaults.model.fallbacks is a list, whose elements are [0], [1]…, not keys like "x"\n',
    );
    expect(readFileSync(path, "utf8")).toBe(CONFIG);
  });
});
