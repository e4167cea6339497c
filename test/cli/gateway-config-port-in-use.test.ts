/**
 * `openclaw gateway` without --port on a port another program holds, the port coming from
 * gateway.port: the error names that key and where the config sets it, and how to change it there
 * (a restart without --port would hit the same port again); with --port given, it does not.
 */
import { writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

let holder: Server | undefined;
/** The gateway asks the port's holder its /healthz: connections this server never answers. */
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
  holder = undefined;
});

/** A port on 127.0.0.1 held by a plain TCP server of this test. */
async function heldPort(): Promise<number> {
  const server = createServer((socket) => sockets.push(socket));
  holder = server;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1" }, resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("gateway on a port in use that gateway.port sets", () => {
  it("names gateway.port and its file:line, and how to change it", async () => {
    const port = await heldPort();
    const dir = tempDir();
    const configPath = join(dir, "openclaw.json");
    writeFileSync(configPath, JSON.stringify({ gateway: { port } }, null, 2), { mode: 0o600 });
    const env = { OPENCLAW_STATE_DIR: dir, NO_COLOR: "1" };
    const change = `it comes from gateway.port (${configPath}:3); to change it there: openclaw config set gateway.port <n>`;

    const text = await runCli(["gateway"], { env });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(`error: port ${port} on 127.0.0.1 is already in use\n`);
    expect(text.stderr).toContain("  at gateway.port\n");
    expect(text.stderr).toContain(change);

    const json = await runCli(["gateway", "--json"], { env });
    expect(json.code).toBe(1);
    const event = JSON.parse(json.stdout.trim()) as { error: Record<string, unknown> };
    expect(event.error).toMatchObject({ code: "gateway.port_in_use", where: "gateway.port" });
    expect(event.error.hint).toContain(change);

    // The port given on the command line: the config's key is not what to change.
    const given = await runCli(["gateway", "--port", String(port)], { env });
    expect(given.code).toBe(1);
    expect(given.stderr).not.toContain("gateway.port");
  });
});
