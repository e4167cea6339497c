import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * JSON5 reads 99999999999999999999 as 100000000000000000000: not the number written, and one a
 * provider refuses as max_tokens. An integer setting above 2^53 - 1 is reported where it is.
 */
describe("an integer setting too large to be kept exactly", () => {
  it("config validate reports it at its line instead of passing it", async () => {
    const state = tempDir();
    writeFileSync(
      join(state, "openclaw.json"),
      '{\n  models: { providers: { mine: { baseUrl: "http://127.0.0.1:9/v1", models: [\n    { id: "x", name: "x", maxTokens: 99999999999999999999 },\n  ] } } },\n}\n',
    );
    const result = await runCli(["config", "validate"], { env: { OPENCLAW_STATE_DIR: state } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `models.providers.mine.models[0].maxTokens: is too large to be kept exactly (above 9007199254740991), found the number 100000000000000000000 (${join(state, "openclaw.json")}:3)`,
    );
  });

  it("the largest exact integer still passes", async () => {
    const state = tempDir();
    writeFileSync(
      join(state, "openclaw.json"),
      '{ models: { providers: { mine: { baseUrl: "http://127.0.0.1:9/v1", models: [{ id: "x", name: "x", contextWindow: 9007199254740991 }] } } } }\n',
    );
    const result = await runCli(["config", "validate"], { env: { OPENCLAW_STATE_DIR: state } });
    expect(result.code).toBe(0);
  });
});
