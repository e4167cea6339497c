/**
 * `openclaw gateway --port <value>` as typed in a shell or a service file: only a decimal port is
 * taken. An empty value (`--port "$PORT"` with PORT unset) or a hex one is refused before anything
 * is written, instead of listening somewhere the user did not ask for.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { killGatewayProcesses, spawnGateway } from "../helpers/gateway-process.js";

const dirs: string[] = [];

afterEach(() => killGatewayProcesses());
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the gateway with `--port <value>` in an empty state dir; a start is killed after 15 s. */
async function runWithPort(value: string) {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-gw-port-"));
  dirs.push(dir);
  const env = {
    PATH: process.env.PATH,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
  };
  const cli = spawnGateway(env, ["--port", value]);
  const timer = setTimeout(() => cli.child.kill("SIGKILL"), 15_000);
  const code = await cli.exited;
  clearTimeout(timer);
  return { code, stdout: cli.stdout(), stderr: cli.stderr(), files: readdirSync(dir) };
}

describe("gateway --port", () => {
  it.each([
    ["", "--port is empty: give a port number from 0 to 65535 (0 picks a free one)"],
    ["0x10", '--port must be a decimal number from 0 to 65535 (got "0x10")'],
    ["1e3", '--port must be a decimal number from 0 to 65535 (got "1e3")'],
    [" 8080", '--port must be a decimal number from 0 to 65535 (got " 8080")'],
    ["65536", '--port must be a decimal number from 0 to 65535 (got "65536")'],
  ])("refuses %j with exit 2, listening nowhere and writing nothing", async (value, message) => {
    const run = await runWithPort(value);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${message}`);
    expect(run.stderr).toContain("hint: example: openclaw gateway --port 18789");
    expect(run.stdout).not.toContain("listening");
    expect(run.files).toEqual([]);
  });
});
