/**
 * `config set gateway.port 018789`: JSON5 reads no number with a leading zero, so the value
 * reaches the schema as the string "018789". The hint said "write it without quotes", though the
 * person typed none; it names the leading zero now, with the number to write. A number really
 * written in quotes keeps its hint. The built CLI.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

async function configSet(value: string) {
  const dir = tempDir();
  const result = await runCli(["config", "set", "gateway.port", value], {
    env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir },
  });
  return { ...result, written: existsSync(join(dir, "openclaw.json")) };
}

describe("config set of a number with a leading zero", () => {
  it.each(["018789", '"018789"'])("%s is told to drop the zero: write 18789", async (value) => {
    const result = await configSet(value);
    expect(result.code).toBe(2);
    expect(result.written).toBe(false);
    const stderr = result.stderr.replace(/\s+/g, " ");
    expect(stderr).toContain(
      'gateway.port: expected an integer from 1 to 65535, found the string "018789"',
    );
    expect(stderr).toContain("hint: a number has no leading zero: write 18789");
    expect(stderr).not.toContain("without quotes");
  });

  it('a quoted number without one ("18789") is still told to drop the quotes', async () => {
    const result = await configSet('"18789"');
    expect(result.code).toBe(2);
    expect(result.stderr.replace(/\s+/g, " ")).toContain("hint: write it without quotes: 18789");
  });
});

describe("a number with a leading zero in the config file", () => {
  it("config validate names it at its line and column, with the number to write", async () => {
    const dir = tempDir();
    const file = join(dir, "openclaw.json");
    writeFileSync(file, '{\n  gateway: {\n    port: 018789,\n    bind: "loopback"\n  }\n}\n');
    const result = await runCli(["config", "validate"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: ${file}:3:11: 018789 has a leading zero, which JSON5 does not read in a number`,
    );
    expect(result.stderr).toContain("hint: write 18789\n");
    expect(result.stderr).not.toContain("missing comma");
  });
});
