/**
 * A program whose startGateway cannot listen (its port taken by another gateway of the same
 * process or by another program, an address not of this machine) is told what to change in its
 * own options: `pass startGateway another port (port: 0 picks a free one)`, `close()` to stop a
 * gateway it started. Before, the hint said `openclaw gateway --port <n>`, a flag a program has
 * no way to pass, and `Ctrl-C where it runs`, which in one process ends the program itself.
 * Real sockets; `openclaw gateway` keeps its flags (test/cli/gateway-second-start.test.ts).
 */
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isOpenClawError, type RunningGateway, startGateway } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

const running: RunningGateway[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(0);
  for (const server of servers.splice(0)) await new Promise((done) => server.close(done));
});

/** A token, so that a bind beyond loopback is not refused for its lack first. */
const AUTH = { mode: "token", token: "e-listen-advice-gateway-token-0001" };

function options(port: number, bind?: string) {
  return {
    port,
    ...(bind === undefined ? {} : { bind }),
    watch: false,
    env: { OPENCLAW_STATE_DIR: tempDir("e-listen-") },
    config: { gateway: { auth: AUTH, ledger: { enabled: false } } },
  };
}

async function refusal(port: number, bind?: string) {
  const error = await startGateway(options(port, bind)).then(
    (gateway) => {
      running.push(gateway);
      throw new Error("the gateway started");
    },
    (thrown: unknown) => thrown,
  );
  if (!isOpenClawError(error)) throw error;
  return { code: error.code, message: error.message, hint: error.hint };
}

describe("startGateway that cannot listen", () => {
  it("on the port of a gateway the same program started: says to close() it or pass another port", async () => {
    const first = await startGateway(options(0));
    running.push(first);
    expect(await refusal(first.port)).toEqual({
      code: "gateway.port_in_use",
      message: `port ${first.port} on 127.0.0.1 is already in use by an openclaw gateway (http://127.0.0.1:${first.port})`,
      hint: `use that one (GET http://127.0.0.1:${first.port}/healthz answers), stop it (its close() in a program, Ctrl-C where openclaw gateway runs) and start again, or pass startGateway another port (port: 0 picks a free one)`,
    });
    // As told: a second gateway on port 0 serves beside the first.
    const second = await startGateway(options(0));
    running.push(second);
    expect(second.port).not.toBe(first.port);
    for (const gateway of [first, second])
      expect((await fetch(`${gateway.url}/healthz`)).ok).toBe(true);
  });

  it("on a port another program holds: says to pass another port", async () => {
    // It never answers: the gateway's look at who holds the port (GET /healthz) is hung up on.
    const server = createServer((socket) => socket.destroy());
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const port = (server.address() as { port: number }).port;
    expect(await refusal(port)).toEqual({
      code: "gateway.port_in_use",
      message: `port ${port} on 127.0.0.1 is already in use`,
      hint: "stop the other process, or pass startGateway another port (port: 0 picks a free one)",
    });
  });

  it("on an address not of this machine: names the bind option's values", async () => {
    const refused = await refusal(0, "192.0.2.1");
    expect(refused.code).toBe("gateway.bad_bind");
    expect(refused.hint).toBe(
      'pass startGateway bind: "loopback", "lan", or an address of this machine',
    );
  });
});
