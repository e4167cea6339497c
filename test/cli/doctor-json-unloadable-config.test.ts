/**
 * `doctor --json` on a config that cannot be loaded (a syntax error, a setting of the wrong type,
 * an `$include` of a file that is not there) places its config finding as `config validate --json`
 * places the problem: `file` and `line`, and `path` when one setting is wrong. They were null,
 * though `where` named the same file:line, so a script reading `.file` and `.line` (the keys the
 * findings of a config that loads have) found nothing for the commonest broken config.
 * The built CLI (`npm run build` first); no provider is asked.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

interface Placed {
  where?: string | null;
  path?: string | null;
  file: string | null;
  line: number | null;
}

async function configFinding(text: string): Promise<{ file: string; finding: Placed }> {
  const dir = tempDir();
  const file = path.join(dir, "openclaw.json");
  writeFileSync(file, text);
  const result = await runCli(["doctor", "--json"], { env: { OPENCLAW_STATE_DIR: dir } });
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout) as { findings: (Placed & { check: string })[] };
  const found = report.findings.filter((item) => item.check === "config");
  expect(found).toHaveLength(1);
  return { file, finding: found[0]! };
}

describe("doctor --json places a config that cannot be loaded", () => {
  it("a syntax error: its file and line", async () => {
    const { file, finding } = await configFinding("{\n  gateway: {\n    port: 5,,\n  },\n}\n");
    expect(finding).toMatchObject({ where: `${file}:3`, path: null, file, line: 3 });
  });

  it("one setting of the wrong type: its dotted path, file and line", async () => {
    const { file, finding } = await configFinding('{\n  gateway: {\n    port: "x",\n  },\n}\n');
    expect(finding).toMatchObject({ path: "gateway.port", file, line: 3 });
  });

  it("two problems: the first one's file and line, as `where` says, and no single path", async () => {
    const { file, finding } = await configFinding(
      '{\n  gateway: {\n    port: "x",\n    bind: 5,\n  },\n}\n',
    );
    expect(finding).toMatchObject({ where: `${file}:3`, path: null, file, line: 3 });
  });

  it("an $include of a missing file: the line that includes it", async () => {
    const { file, finding } = await configFinding('{\n  "$include": "nope.json5",\n}\n');
    expect(finding).toMatchObject({ path: null, file, line: 2 });
  });
});
