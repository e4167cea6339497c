/**
 * `config get` on a config that breaks the schema: it prints what is written (the value at
 * fault too), so a person can look at what `config validate` refused; secrets stay masked, and
 * --reveal, which needs the value in effect, still refuses.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function state(): Record<string, string> {
  const dir = tempDir();
  writeFileSync(
    join(dir, "openclaw.json"),
    '{\n  // the port is quoted: invalid\n  gateway: { port: "18869", bind: "loopback", auth: { token: "tok-0123456789abcdef0123" } },\n}\n',
    { mode: 0o600 },
  );
  return { OPENCLAW_STATE_DIR: dir };
}

describe("config get on an invalid config", () => {
  it("prints other values and the value at fault, exit 0", async () => {
    const env = state();
    const bind = await runCli(["config", "get", "gateway.bind"], { env });
    expect(bind).toMatchObject({ code: 0, stdout: "loopback\n", stderr: "" });
    const port = await runCli(["config", "get", "gateway.port", "--json"], { env });
    expect(port).toMatchObject({ code: 0, stdout: '"18869"\n' });
  });

  it("still masks a secret, and --reveal still refuses with what is wrong", async () => {
    const env = state();
    const token = await runCli(["config", "get", "gateway.auth.token"], { env });
    expect(token.code).toBe(0);
    expect(token.stdout).not.toContain("0123456789abcdef");
    const reveal = await runCli(["config", "get", "gateway.auth.token", "--reveal"], { env });
    expect(reveal.code).toBe(1);
    expect(reveal.stderr).toContain(
      'gateway.port: expected an integer from 1 to 65535, found the string "18869"',
    );
  });
});
