/**
 * `gateway.cors.origins: ["*"]` with `gateway.auth.mode: "none"` is refused by `config set` and
 * `config validate` as the gateway refuses it, through the built CLI (`npm run build` first): a
 * person learns it when editing, not when the gateway fails to start.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const OPEN_WITHOUT_TOKEN =
  'gateway.cors.origins[0]: is "*" while the gateway runs without a token (gateway.auth.mode "none"): any web page could use your provider keys';

function state(): { env: Record<string, string>; path: string } {
  const dir = tempDir();
  return { env: { OPENCLAW_STATE_DIR: dir }, path: join(dir, "openclaw.json") };
}

describe("'*' origins without a token, at config time", () => {
  it("config set refuses to write it, in either order, and leaves the file as it was", async () => {
    const first = state();
    expect((await runCli(["config", "set", "gateway.auth.mode", "none"], first)).code).toBe(0);
    const before = readFileSync(first.path, "utf8");
    // The value typed is refused (a usage mistake, exit 2); in the other order, the setting
    // already written is what the change conflicts with (exit 1).
    const open = await runCli(["config", "set", "gateway.cors.origins", '["*"]'], first);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain(OPEN_WITHOUT_TOKEN);
    expect(open.stderr).toContain('set gateway.auth.mode to "token"');
    expect(readFileSync(first.path, "utf8")).toBe(before);

    const second = state();
    expect((await runCli(["config", "set", "gateway.cors.origins", '["*"]'], second)).code).toBe(0);
    const none = await runCli(["config", "set", "gateway.auth.mode", "none"], second);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(OPEN_WITHOUT_TOKEN);
  });

  it("config validate and the gateway both refuse a file that has it", async () => {
    const { env, path } = state();
    writeFileSync(
      path,
      JSON.stringify({ gateway: { auth: { mode: "none" }, cors: { origins: ["*"] } } }),
    );
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(OPEN_WITHOUT_TOKEN);
    const gateway = await runCli(["gateway", "--port", "22451"], { env, timeoutMs: 10_000 });
    expect(gateway.code).toBe(1);
    expect(gateway.stderr).toContain(OPEN_WITHOUT_TOKEN);
  });

  it("config validate accepts '*' with a token, and listed origins without one", async () => {
    const { env, path } = state();
    writeFileSync(path, JSON.stringify({ gateway: { cors: { origins: ["*"] } } }));
    expect((await runCli(["config", "validate"], { env })).code).toBe(0);
    writeFileSync(
      path,
      JSON.stringify({
        gateway: { auth: { mode: "none" }, cors: { origins: ["http://localhost:3000"] } },
      }),
    );
    expect((await runCli(["config", "validate"], { env })).code).toBe(0);
  });
});
