/**
 * `gateway.auth.mode: "none"` with a `gateway.bind` beyond loopback is refused by `config set` and
 * `config validate`, as the gateway refuses to start with it and doctor fails it; loopback binds
 * stay accepted without a token. Through the built CLI (`npm run build` first).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const REFUSED =
  'gateway.auth.mode: is "none" but gateway.bind is "lan": the gateway refuses to listen beyond loopback without a token';

function state(): { env: Record<string, string>; path: string } {
  const dir = tempDir();
  return { env: { OPENCLAW_STATE_DIR: dir }, path: join(dir, "openclaw.json") };
}

describe("no token beyond loopback, at config time", () => {
  it("config validate fails a file that has it, naming the mode and its line, with what to set", async () => {
    const { env, path } = state();
    writeFileSync(
      path,
      '{\n  gateway: {\n    bind: "lan",\n    auth: { mode: "none" },\n  },\n}\n',
    );
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(REFUSED);
    expect(validate.stderr).toContain("openclaw.json:4");
    expect(validate.stderr).toMatch(/^hint: set gateway\.auth\.mode to "token"/m);
  });

  it("config set refuses the change that would make it, and leaves the file as it was", async () => {
    const { env, path } = state();
    expect((await runCli(["config", "set", "gateway.auth.mode", "none"], { env })).code).toBe(0);
    const before = readFileSync(path, "utf8");
    const lan = await runCli(["config", "set", "gateway.bind", "lan"], { env });
    expect(lan.code).not.toBe(0);
    expect(lan.stderr).toContain(REFUSED);
    expect(readFileSync(path, "utf8")).toBe(before);
  });

  it("accepts loopback binds without a token, and lan with one", async () => {
    const { env, path } = state();
    for (const bind of ["loopback", "localhost", "127.0.0.1", "::1"]) {
      writeFileSync(path, JSON.stringify({ gateway: { bind, auth: { mode: "none" } } }));
      const validate = await runCli(["config", "validate"], { env });
      expect(validate.code, `${bind}: ${validate.stderr}`).toBe(0);
    }
    writeFileSync(path, JSON.stringify({ gateway: { bind: "lan" } }));
    expect((await runCli(["config", "validate"], { env })).code).toBe(0);
  });
});
