/**
 * `gateway.limits.requestTimeoutMs` below `headersTimeoutMs` (10 s unless set) cannot work: the
 * whole request, headers included, must arrive within it. `config set` wrote it, `config
 * validate` passed it, and `openclaw gateway` then stopped at start with Node's own words ("The
 * value of "headersTimeout" is out of range") and a hint calling it a bug in openclaw. Now the
 * config check refuses it, naming both keys and what to set. Real CLI; nothing listens.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function stateWith(limits: Record<string, number>) {
  const dir = tempDir("openclaw-request-timeout-order-");
  const configPath = join(dir, "openclaw.json");
  writeFileSync(
    configPath,
    JSON.stringify({ gateway: { auth: { token: "tok-test-order-0001" }, limits } }),
  );
  return { configPath, env: { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" } };
}

const refused =
  "gateway.limits.requestTimeoutMs: is 2000 ms, less than gateway.limits.headersTimeoutMs (its default, 10000 ms): the whole request, its headers included, must arrive within requestTimeoutMs";
const hint =
  "hint: set gateway.limits.requestTimeoutMs to 10000 or more, or gateway.limits.headersTimeoutMs to 2000 or less";

describe("gateway.limits.requestTimeoutMs below headersTimeoutMs", () => {
  it("the gateway refuses it at start as a config problem, not as a bug", async () => {
    const { env } = stateWith({ requestTimeoutMs: 2000 });
    const started = await runCli(["gateway", "--port", "0"], { env });
    expect(started.code).toBe(1);
    expect(started.stderr).toContain(refused);
    expect(started.stderr).toContain(hint);
    expect(started.stderr).not.toContain("bug");
  });

  it("config validate fails it, and config set refuses to write it (exit 2)", async () => {
    const { configPath, env } = stateWith({});
    const before = readFileSync(configPath, "utf8");
    const set = await runCli(["config", "set", "gateway.limits.requestTimeoutMs", "2000"], { env });
    expect(set.code).toBe(2);
    expect(set.stderr).toContain(refused);
    expect(readFileSync(configPath, "utf8")).toBe(before);

    const { env: written } = stateWith({ headersTimeoutMs: 70000 });
    const validate = await runCli(["config", "validate"], { env: written });
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toContain(
      "gateway.limits.headersTimeoutMs: is 70000 ms, more than gateway.limits.requestTimeoutMs (its default, 60000 ms)",
    );
  });

  it("equal, or the request's the longer, passes", async () => {
    const { env } = stateWith({ headersTimeoutMs: 2000, requestTimeoutMs: 2000 });
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code, validate.stderr).toBe(0);
  });
});
