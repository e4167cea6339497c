/**
 * The token a first start creates is shown on a terminal only. Sent to a file, a pipe or a
 * service's journal (`setsid openclaw gateway > gateway.log 2>&1 &`, as the guide suggests), the
 * output is a log: it says where the token is saved and how to print it, never the token.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { startTerminal, type Terminal } from "../helpers/pty.js";

const dirs: string[] = [];
const terminals: Terminal[] = [];

afterEach(() => {
  killGatewayProcesses();
  for (const terminal of terminals.splice(0)) terminal.kill();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function emptyStateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-gw-first-token-"));
  dirs.push(dir);
  return dir;
}

/** The token the first start saved in the config. */
function savedToken(dir: string): string {
  const token = /"(ocg_[^"]+)"/.exec(readFileSync(join(dir, "openclaw.json"), "utf8"))?.[1];
  expect(token).toBeDefined();
  return token as string;
}

describe("the token a first start creates", () => {
  it("is not written to output that is not a terminal; the output says how to print it", async () => {
    const dir = emptyStateDir();
    const env = { PATH: process.env.PATH, OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir };
    const gateway = await startGatewayProcess(env);
    const token = savedToken(dir);
    const models = await fetch(`${gateway.url}/v1/models`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(models.status).toBe(200);
    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toBe(0);
    const config = join(dir, "openclaw.json");
    expect(gateway.stdout()).toContain(
      `gateway token created and saved as gateway.auth.token in ${config}; not written here, as this output is not a terminal and a log would keep it\n  hint: print it with:\n    OPENCLAW_STATE_DIR=${dir} openclaw config get gateway.auth.token --reveal\n`,
    );
    // Said once: the start-up report has no "token:" line repeating it.
    expect(gateway.stderr()).not.toContain("token: ");
    expect((gateway.stdout() + gateway.stderr()).split("saved as gateway.auth.token").length).toBe(
      2,
    );
    expect(gateway.stdout() + gateway.stderr()).not.toContain(token);
  });

  it("is shown once on a terminal", async () => {
    const dir = emptyStateDir();
    const terminal = startTerminal(["gateway", "--port", "0"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir },
      cols: 400,
    });
    terminals.push(terminal);
    await terminal.waitFor("listening on");
    await terminal.waitFor("Claude Code (ANTHROPIC_BASE_URL)");
    const token = savedToken(dir);
    expect(terminal.plain()).toContain(
      `gateway token (shown once; saved as gateway.auth.token in ${join(dir, "openclaw.json")}):\n  ${token}\n`,
    );
    expect(terminal.plain().split(token).length - 1).toBe(1);
    // Told once: no "token:" line after it saying it was shown above.
    expect(terminal.plain()).not.toContain("token: created");
    expect(terminal.plain().split("saved as gateway.auth.token").length - 1).toBe(1);
  });
});
