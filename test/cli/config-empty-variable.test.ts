/**
 * A `${BASE}` whose variable is set, but to "" (by the config's env block or the shell), was
 * warned about as "not set … add it to the "env" block": the user had, and looked for a typo.
 * Now the warning says it is set but empty, and where (the env block's line, or the shell).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function stateWith(config: string): { env: Record<string, string>; file: string } {
  const dir = tempDir("openclaw-empty-var-");
  const file = path.join(dir, "openclaw.json");
  writeFileSync(file, config);
  return { env: { OPENCLAW_STATE_DIR: dir }, file };
}

const PROVIDER = `models: { providers: { m: { baseUrl: "\${BASE}/v1", models: [{ id: "x", name: "x" }] } } },`;

describe("config validate on a variable set to an empty value", () => {
  it("says the env block sets it empty, at its line, instead of saying to add it there", async () => {
    const { env, file } = stateWith(`{\n  env: { BASE: "" },\n  ${PROVIDER}\n}\n`);
    const result = await runCli(["config", "validate", "--json"], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      warnings: { path: string; message: string; hint: string }[];
    };
    expect(report.warnings).toEqual([
      {
        path: "models.providers.m.baseUrl",
        message:
          "uses BASE, which is set but empty: this value cannot be used until it has a value",
        file,
        line: 3,
        hint: `BASE is set to "" by the "env" block at env.BASE (${file}:2): give it a value there`,
      },
    ]);
  });

  it("says the shell sets it empty", async () => {
    const { env, file } = stateWith(`{\n  ${PROVIDER}\n}\n`);
    const result = await runCli(["config", "validate"], { env: { ...env, BASE: "" } });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain("uses BASE, which is set but empty");
    expect(result.stdout + result.stderr).toContain(
      `BASE is set to "" in your shell: export BASE=... with a value, or unset it and add it to the "env" block of ${file}`,
    );
  });
});
