/**
 * A comma too many in a hand-edited config: two in a row after deleting an entry, one right
 * after an opening bracket, one after the "}" that closes the file. Every command says which
 * comma to remove, not the general "check for a missing comma" that sends the person looking
 * for a comma to add.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `{
  agents: {
    defaults: {
      model: { primary: "moonshot/kimi-k2.5" },
      models: {
        "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
      },
    },
  },
}
`;

async function validate(text: string): Promise<{ code: number | null; stderr: string }> {
  const dir = tempDir();
  writeFileSync(path.join(dir, "openclaw.json"), text);
  return runCli(["config", "validate"], { env: { OPENCLAW_STATE_DIR: dir } });
}

describe("a comma too many in the config", () => {
  it("two in a row: names the second and says to remove one", async () => {
    const result = await validate(CONFIG.replace('"Kimi K2.5" },', '"Kimi K2.5" },,'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "openclaw.json:6:54: a second comma in a row (the first is just before it): there is no entry between them",
    );
    expect(result.stderr).toContain("hint: remove one of the two commas");
    expect(result.stderr).not.toContain("missing comma");
  });

  it("two with a comment line between them: names the line of the first", async () => {
    const result = await validate(
      CONFIG.replace('"Kimi K2.5" },', '"Kimi K2.5" },\n        // Kimi K2, retired\n        ,'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "openclaw.json:8:9: a second comma in a row (the first is at line 6)",
    );
    expect(result.stderr).not.toContain("missing comma");
  });

  it("right after an opening bracket", async () => {
    const result = await validate(CONFIG.replace("model: {", "model: { ,"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'openclaw.json:4:16: a comma right after the "{" that opens this object, before any entry',
    );
    expect(result.stderr).toContain("hint: remove this comma");
  });

  it("after the } that closes the config, as agent says too", async () => {
    const text = `${CONFIG.trimEnd()},\n`;
    const result = await validate(text);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'openclaw.json:10:2: a comma after the "}" that closes the config',
    );
    expect(result.stderr).toContain('hint: remove this comma: nothing may follow the "}"');

    const dir = tempDir();
    writeFileSync(path.join(dir, "openclaw.json"), text);
    const agent = await runCli(["agent", "-m", "hi"], { env: { OPENCLAW_STATE_DIR: dir } });
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain('a comma after the "}" that closes the config');
  });
});
