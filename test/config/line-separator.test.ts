/**
 * A raw U+2028 or U+2029 inside a config string is valid JSON5 and the config works: reading or
 * editing it says nothing of it. The json5 library printed "JSON5: '\u2028' in strings is not
 * valid ECMAScript; consider escaping" on stderr, twice, with no file or line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

// JSON5 (a comment, unquoted keys), so that the JSON5 parser reads it, not JSON.parse.
const config =
  '{\n  // the gateway\n  gateway: { port: 42602 },\n  agents: { defaults: { workspace: "a\u2028b\u2029c" } },\n}\n';

describe("a line separator inside a config string", () => {
  it("is read without a word from the JSON5 library", async () => {
    const dir = tempFiles({ "openclaw.json": config });
    const { code, stderr } = await runCli(["config", "validate"], {
      env: { OPENCLAW_STATE_DIR: dir },
    });
    expect(code).toBe(0);
    expect(stderr).not.toContain("JSON5");
    expect(stderr).not.toContain("ECMAScript");
  });

  it("is kept, without a word, when the config is edited", async () => {
    const dir = tempFiles({ "openclaw.json": config });
    const { code, stderr } = await runCli(["config", "set", "gateway.port", "42603"], {
      env: { OPENCLAW_STATE_DIR: dir },
    });
    expect(code).toBe(0);
    expect(stderr).not.toContain("ECMAScript");
    const written = readFileSync(join(dir, "openclaw.json"), "utf8");
    expect(written).toContain("42603");
    expect(written).toContain("a\u2028b\u2029c");
  });
});
