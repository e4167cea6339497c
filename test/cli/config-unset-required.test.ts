/**
 * `config unset` of a key its object requires (a model entry's `id`) is refused as a usage
 * mistake (exit 2) saying what cannot be removed, at the key's own line, and what to do instead;
 * before, it exited 1 with the object's line and "change the settings named above first".
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `{
  // my lab's models
  models: {
    providers: {
      moonshot: {
        models: [
          {
            id: "kimi-k2.5",
            name: "Kimi K2.5",
          },
        ],
      },
    },
  },
}
`;

function state(): { env: Record<string, string>; configPath: string } {
  const dir = tempDir();
  const configPath = path.join(dir, "openclaw.json");
  writeFileSync(configPath, CONFIG);
  return { env: { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: "sk-test" }, configPath };
}

const ENTRY = "models.providers.moonshot.models[0]";

describe("config unset of a required key", () => {
  it("says it cannot be removed, where it is, and what to run instead; exit 2, file untouched", async () => {
    const { env, configPath } = state();
    const result = await runCli(["config", "unset", `${ENTRY}.id`], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `error: ${ENTRY}.id cannot be removed: ${ENTRY} requires it (${configPath}:8)`,
    );
    expect(result.stderr).toContain(
      `hint: set another value instead: openclaw config set '${ENTRY}.id' <value>; or remove all of ${ENTRY}: openclaw config unset '${ENTRY}'; nothing was written`,
    );
    expect(result.stderr).not.toContain("change the settings named above");
    expect(readFileSync(configPath, "utf8")).toBe(CONFIG);
  });

  it("--json gives the same, with the key's file and line as where", async () => {
    const { env } = state();
    const result = await runCli(["config", "unset", `${ENTRY}.name`, "--json"], { env });
    expect(result.code).toBe(2);
    const body = JSON.parse(result.stdout);
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(/\.name cannot be removed: .*requires it/);
    expect(body.error.where).toMatch(/openclaw\.json:9$/);
    expect(result.stderr).toBe("");
  });

  it("the command the hint offers works and keeps the file's comment", async () => {
    const { env, configPath } = state();
    const result = await runCli(["config", "unset", ENTRY], { env });
    expect(result.code).toBe(0);
    const text = readFileSync(configPath, "utf8");
    expect(text).toContain("// my lab's models");
    expect(text).not.toContain("kimi-k2.5");
  });
});
