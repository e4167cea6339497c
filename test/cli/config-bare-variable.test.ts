/**
 * `$NAME` written for `${NAME}` (as in a shell): the config keeps the text as written, and
 * `config set` and `config validate` say so, with the form that is expanded.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const WARNING =
  "gateway.auth.token: \"$GW_TOKEN\" is not expanded: only ${GW_TOKEN} is, so the text stays as written; write ${GW_TOKEN} (on a command line in single quotes: '${GW_TOKEN}')";

describe("a value written $NAME instead of ${NAME}", () => {
  it("config set stores it as written and warns, on stderr and in --json", async () => {
    const dir = tempDir();
    const env = { OPENCLAW_STATE_DIR: dir };
    const set = await runCli(["config", "set", "gateway.auth.token", "$GW_TOKEN"], { env });
    expect(set.code).toBe(0);
    expect(set.stderr).toBe(`warning: ${WARNING}\n`);
    expect(JSON.parse(readFileSync(join(dir, "openclaw.json"), "utf8"))).toEqual({
      gateway: { auth: { token: "$GW_TOKEN" } },
    });
    const json = await runCli(["config", "set", "gateway.auth.token", "$GW_TOKEN", "--json"], {
      env,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, warnings: [WARNING] });
  });

  it("config validate --json lists it as a warning with its path", async () => {
    const dir = tempDir();
    const env = { OPENCLAW_STATE_DIR: dir };
    await runCli(["config", "set", "gateway.auth.token", "$GW_TOKEN"], { env });
    const validate = await runCli(["config", "validate", "--json"], { env });
    expect(validate.code).toBe(0);
    expect(JSON.parse(validate.stdout).warnings).toEqual([
      {
        path: "gateway.auth.token",
        message: '"$GW_TOKEN" is not expanded: only ${GW_TOKEN} is, so the text stays as written',
        hint: "write ${GW_TOKEN} (on a command line in single quotes: '${GW_TOKEN}')",
      },
    ]);
  });

  it("a '$' inside a secret is not taken for a variable", async () => {
    const env = { OPENCLAW_STATE_DIR: tempDir() };
    const set = await runCli(["config", "set", "gateway.auth.token", "tok3n$SECRETPART"], { env });
    expect(set.code).toBe(0);
    expect(set.stderr).toBe("");
  });
});
