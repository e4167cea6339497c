/**
 * `openclaw gateway --json --bind ::1`: the listening event's `host` is the address itself,
 * `::1`, as `bind` has it; the brackets belong to `url` and `urls` only. It carried the URL's
 * `[::1]`, which no socket call takes as a host.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { gatewayEnv, killGatewayProcesses, spawnGateway } from "../helpers/gateway-process.js";
import { eventually } from "../helpers/wait.js";

const dirs: string[] = [];
afterEach(() => killGatewayProcesses());
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Whether this machine can listen on ::1 (a container without IPv6 cannot). */
function canListenOnIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(0, "::1", () => server.close(() => resolve(true)));
  });
}

function listeningOf(stdout: string): Record<string, unknown> | undefined {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((event) => event.event === "listening");
}

describe("gateway --json --bind ::1", () => {
  it("gives host as the plain address and keeps the brackets in url", async (context) => {
    if (!(await canListenOnIpv6Loopback())) context.skip("this machine has no IPv6 loopback (::1)");
    const dir = mkdtempSync(join(tmpdir(), "openclaw-json-ipv6-"));
    dirs.push(dir);
    const cli = spawnGateway(gatewayEnv(dir, { moonshot: "", kimiCode: "" }), [
      "--json",
      "--bind",
      "::1",
    ]);
    await eventually(() => listeningOf(cli.stdout()) !== undefined, 40_000, "the listening event");
    const listening = listeningOf(cli.stdout());
    const port = listening?.port as number;
    expect(listening).toMatchObject({
      host: "::1",
      bind: "::1",
      url: `http://[::1]:${port}`,
      urls: [`http://[::1]:${port}`],
    });
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  }, 60_000);
});
