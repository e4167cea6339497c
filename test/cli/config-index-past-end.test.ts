/**
 * `config get|unset` of a list element past the end (`models[5]` of a list of one) says so, with
 * the elements there are, as `config set` does: before, it said the key was "not set" and that
 * `config set` would set it, a command `config set` then refused.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `{
  // one model only
  models: {
    providers: {
      moonshot: {
        baseUrl: "https://api.moonshot.ai/v1",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
      },
    },
  },
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5", fallbacks: [] } } },
}
`;

function state(): { env: Record<string, string>; configPath: string } {
  const dir = tempDir();
  const configPath = path.join(dir, "openclaw.json");
  writeFileSync(configPath, CONFIG);
  return { env: { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: "sk-test" }, configPath };
}

const LIST = "models.providers.moonshot.models";

describe("config get|unset of a list index past the end", () => {
  it("get names the list, its length and the last element, exit 2", async () => {
    const { env } = state();
    const result = await runCli(["config", "get", `${LIST}[5].id`], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `error: ${LIST}[5] is past the end of the list ${LIST}, which has 1 element ([0])`,
    );
    expect(result.stderr).toContain(
      `hint: the last element is [0]: openclaw config get '${LIST}[0].id'`,
    );
    expect(result.stderr).not.toContain("config set");
    expect(result.stderr).not.toContain("    at ");
  });

  it("--json has it as a usage error with the dotted path", async () => {
    const { env } = state();
    const result = await runCli(["config", "get", `${LIST}[5]`, "--json"], { env });
    expect(result.code).toBe(2);
    const body = JSON.parse(result.stdout);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe("usage");
    expect(body.error.where).toBe(`${LIST}[5]`);
  });

  it("an empty list says so and how to add the first element", async () => {
    const { env } = state();
    const result = await runCli(["config", "get", "agents.defaults.model.fallbacks[0]"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("which has no elements yet");
    expect(result.stderr).toContain(
      "hint: add an element with: openclaw config set 'agents.defaults.model.fallbacks[0]' <value>",
    );
  });

  it("unset says there is nothing to remove and leaves the file as it was", async () => {
    const { env, configPath } = state();
    const result = await runCli(["config", "unset", `${LIST}[3]`], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${LIST}[3] is past the end of the list ${LIST}`);
    expect(result.stderr).toContain("hint: there is nothing to remove");
    expect(readFileSync(configPath, "utf8")).toBe(CONFIG);
  });
});
