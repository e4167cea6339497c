/**
 * A `gateway.ledger.path` written as `~/…` or as a relative path names one file, whatever the
 * directory each command runs from: `~` is the home directory ($OPENCLAW_HOME), a relative path is
 * the directory of the config file that sets it. The gateway writes there, and `usage`, `doctor`
 * and `config validate` all name that file.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";

afterEach(() => killGatewayProcesses());

function setup(files: Record<string, string>) {
  const state = tempDir("openclaw-ledger-path-");
  const home = tempDir("openclaw-ledger-home-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(state, name, ".."), { recursive: true });
    writeFileSync(join(state, name), text, { mode: 0o600 });
  }
  const env = {
    OPENCLAW_STATE_DIR: state,
    OPENCLAW_HOME: home,
    TZ: "UTC",
    NO_COLOR: "1",
    PATH: process.env.PATH ?? "",
  };
  return { state, home, env };
}

interface Listed {
  ledger: string;
  requests: { status: number; modelRequested: string }[];
}

describe("gateway.ledger.path written as ~/… or relative", () => {
  it("the gateway run from one directory and usage from another find the same ledger in the home directory", async () => {
    const { home, env } = setup({
      "openclaw.json":
        '{ gateway: { auth: { mode: "none" }, ledger: { path: "~/usage-here.sqlite" } } }',
    });
    const expected = join(home, "usage-here.sqlite");
    const gatewayCwd = tempDir("openclaw-ledger-gw-cwd-");
    const gateway = await startGatewayProcess(env, [], undefined, gatewayCwd);
    // A model no provider serves: refused, and recorded all the same.
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "nope/x", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(404);
    await response.text();
    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toBe(0);
    expect(gateway.stderr()).toContain(`usage ledger: ${expected}\n`);
    // Nothing named "~" in the directory the gateway ran from.
    expect(readdirSync(gatewayCwd)).toEqual([]);

    const usage = await runCli(["usage", "--last", "5", "--json"], {
      env,
      cwd: tempDir("openclaw-ledger-usage-cwd-"),
    });
    expect(usage.code).toBe(0);
    const listed = JSON.parse(usage.stdout) as Listed;
    expect(listed.ledger).toBe(expected);
    expect(listed.requests.map((row) => `${row.status} ${row.modelRequested}`)).toEqual([
      "404 nope/x",
    ]);
  });

  it("a relative path is the directory of the included file that sets it, for usage, doctor and config validate", async () => {
    const { state, env } = setup({
      "openclaw.json": '{ $include: "./conf/gateway.json5" }',
      "conf/gateway.json5": '{ gateway: { port: 1, ledger: { path: "data/usage.sqlite" } } }',
    });
    const expected = join(state, "conf", "data", "usage.sqlite");
    const cwd = tempDir("openclaw-ledger-cwd-");

    const usage = await runCli(["usage", "--json"], { env, cwd });
    expect(usage.code).toBe(0);
    expect((JSON.parse(usage.stdout) as { ledger: string }).ledger).toBe(expected);

    const doctor = await runCli(["doctor", "--json"], { env, cwd });
    const findings = (
      JSON.parse(doctor.stdout) as { findings: { check: string; message: string }[] }
    ).findings;
    const ledger = findings.filter((finding) => finding.check === "ledger");
    expect(ledger.map((finding) => finding.message)).toEqual([`usage ledger ${expected}`]);

    const validate = await runCli(["config", "validate"], { env, cwd });
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain(`usage ledger: ${expected} (gateway.ledger.path)`);
    const validateJson = await runCli(["config", "validate", "--json"], { env, cwd });
    expect((JSON.parse(validateJson.stdout) as { ledger: string }).ledger).toBe(expected);
    expect(existsSync(join(cwd, "data"))).toBe(false);
  });
});
