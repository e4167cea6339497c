/**
 * `models list` shows context windows as people quote them: a size in whole 1024s by 1024
 * (1048576 is 1M, 262144 256k, 131072 128k, 8192 8k; they read 1049k, 262k, 131k and 8.2k by
 * 1000), a whole number of thousands in thousands, any other rounded. The table still fits the
 * terminal, and --json keeps the exact numbers. The built CLI, no network.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatContext } from "../../src/onboard/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const WINDOWS: Record<string, number> = {
  "win-1m": 1_048_576,
  "win-256k": 262_144,
  "win-128k": 131_072,
  "win-8k": 8192,
  "win-200k": 200_000,
  "win-odd": 1_234_567,
};

describe("context window sizes", () => {
  it("formatContext: by 1024 for whole 1024s, by 1000 for whole thousands, else rounded", () => {
    expect(formatContext(1_048_576)).toBe("1M");
    expect(formatContext(2_097_152)).toBe("2M");
    expect(formatContext(262_144)).toBe("256k");
    expect(formatContext(131_072)).toBe("128k");
    expect(formatContext(32_768)).toBe("32k");
    expect(formatContext(8192)).toBe("8k");
    expect(formatContext(256_000)).toBe("256k");
    expect(formatContext(128_000)).toBe("128k");
    expect(formatContext(200_000)).toBe("200k");
    expect(formatContext(2_000_000)).toBe("2M");
    expect(formatContext(1_234_567)).toBe("1235k");
    expect(formatContext(8500)).toBe("8.5k");
    expect(formatContext(999)).toBe("999");
    expect(formatContext(undefined)).toBe("-");
  });

  it("models list shows them so, fits 80 columns, and --json has the exact numbers", async () => {
    const dir = tempDir("openclaw-ctx-sizes-");
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({
        models: {
          providers: {
            acme: {
              baseUrl: "http://127.0.0.1:9/v1",
              apiKey: "sk-acme-test-ctx-0001",
              models: Object.entries(WINDOWS).map(([id, contextWindow]) => ({
                id,
                name: id,
                contextWindow,
              })),
            },
          },
        },
      }),
      { mode: 0o600 },
    );
    const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "80" };
    const table = await runCli(["models", "list", "--provider", "acme"], { env });
    expect(table.code, table.stderr).toBe(0);
    const ctx = (id: string) =>
      new RegExp(`^acme/${id}\\s+\\S+\\s+(\\S+)\\s`, "m").exec(table.stdout)?.[1];
    expect(Object.keys(WINDOWS).map(ctx)).toEqual(["1M", "256k", "128k", "8k", "200k", "1235k"]);
    for (const line of table.stdout.trimEnd().split("\n"))
      expect(line.length, line).toBeLessThanOrEqual(80);

    const json = await runCli(["models", "list", "--provider", "acme", "--json"], { env });
    const rows = (JSON.parse(json.stdout) as { models: { ref: string; contextWindow: number }[] })
      .models;
    expect(
      Object.fromEntries(rows.map((row) => [row.ref.slice("acme/".length), row.contextWindow])),
    ).toEqual(WINDOWS);
  });
});
