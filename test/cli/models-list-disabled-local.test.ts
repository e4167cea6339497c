/**
 * `models list` shows in its Local column whether a provider's address is this machine or its
 * local network. A provider a problem in its settings disables (a model's contextWindow written
 * "lots") is in no catalog provider, so its rows said Local "no" for an Ollama at 127.0.0.1, and
 * `models list --local` said none of the configured endpoints was local. The column describes
 * the address the config writes, disabled or not. Real CLI, no network: `models list` calls
 * nothing.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function stateWith(baseUrl: string) {
  const dir = tempDir("openclaw-list-disabled-local-");
  const config = {
    models: {
      providers: {
        ollama: {
          baseUrl,
          api: "openai-completions",
          models: [{ id: "qwen3", name: "Qwen3", contextWindow: "lots" }],
        },
      },
    },
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config, null, 2));
  return { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "200" };
}

describe("models list, a disabled provider at a loopback address", () => {
  it("says Local yes in the table and the JSON, and --local lists it", async () => {
    const env = stateWith("http://127.0.0.1:11434/v1");
    const table = await runCli(["models", "list"], { env });
    expect(table.code, table.stderr).toBe(0);
    const row = table.stdout.split("\n").find((line) => line.startsWith("ollama/qwen3"));
    expect(row?.split(/\s+/)).toEqual([
      "ollama/qwen3",
      "-",
      "-",
      "yes",
      "-",
      "unusable:",
      "config",
    ]);

    const json = await runCli(["models", "list", "--json"], { env });
    const listed = JSON.parse(json.stdout) as { models: { ref: string; local: boolean }[] };
    expect(listed.models).toContainEqual(
      expect.objectContaining({ ref: "ollama/qwen3", local: true }),
    );

    const local = await runCli(["models", "list", "--local", "--plain"], { env });
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout.trim()).toBe("ollama/qwen3");
  });

  it("still says no for one at a remote address", async () => {
    const env = stateWith("https://llm.example.com/v1");
    const json = await runCli(["models", "list", "--json"], { env });
    const listed = JSON.parse(json.stdout) as { models: { ref: string; local: boolean }[] };
    expect(listed.models).toContainEqual(
      expect.objectContaining({ ref: "ollama/qwen3", local: false }),
    );
  });
});
