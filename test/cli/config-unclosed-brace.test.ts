/**
 * A config whose `{` is never closed: `config validate` and `doctor` point at the bracket left
 * open, not at the end of the file (JSON5's "invalid end of input" under an empty line).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function state(text: string): { env: Record<string, string>; path: string } {
  const dir = tempDir();
  const path = join(dir, "openclaw.json");
  writeFileSync(path, text, { mode: 0o600 });
  return { env: { OPENCLAW_STATE_DIR: dir }, path };
}

/** `model: {` on line 4 has no `}`: the `}` under it closes `defaults`, and so on outwards. */
const UNCLOSED = `{
  agents: {
    defaults: {
      model: {
        primary: "moonshot/kimi-k2.5",
    },
  },
}
`;

describe("a config that ends inside an object", () => {
  it("config validate names the line and column of the '{' left open, and shows that line", async () => {
    const { env, path } = state(UNCLOSED);
    const result = await runCli(["config", "validate"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: ${path}:4:14: this "{" is never closed: the file ends first\n` +
        "          model: {\n" +
        "                 ^\n" +
        'hint: add the "}" that ends the object opened at line 4, column 14, where that object should end\n',
    );
  });

  it("doctor --json reports it at that line", async () => {
    const { env, path } = state(UNCLOSED);
    const result = await runCli(["doctor", "--json"], { env });
    expect(result.code).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: Record<string, string>[] }).findings;
    expect(findings.find((finding) => finding.check === "config")).toMatchObject({
      level: "fail",
      where: `${path}:4`,
      message: expect.stringContaining('this "{" is never closed'),
    });
  });

  it("a '{' inside a string or a comment is not counted", async () => {
    const { env, path } = state('{\n  // an { in a comment\n  gateway: { bind: "a{b",\n}\n');
    const result = await runCli(["config", "validate"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${path}:3:12: this "{" is never closed`);
  });
});
