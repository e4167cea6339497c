/**
 * `openclaw gateway` started on a port another openclaw gateway already listens on (npm start in
 * one terminal, openclaw gateway in another) says that a gateway runs there and how to reach it,
 * not only "stop the other process"; a port another program holds keeps the plain words.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "../gateway/harness.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("openclaw gateway on a port already in use", () => {
  it("names the openclaw gateway that holds it and how to reach it", async () => {
    const port = String(env.gateway.port);
    const result = await runCli(["gateway", "--port", port], {
      env: { OPENCLAW_STATE_DIR: tempDir() },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: port ${port} on 127.0.0.1 is already in use by an openclaw gateway (http://127.0.0.1:${port})\n`,
    );
    expect(result.stderr).toContain(`hint: use that one (GET http://127.0.0.1:${port}/healthz`);
  });

  it("keeps the plain words for a port another program holds", async () => {
    const sockets = new Set<Socket>();
    const other: Server = createServer((socket) => {
      sockets.add(socket);
      socket.end("not http\n");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const address = other.address();
      const port = String(typeof address === "object" && address ? address.port : 0);
      const result = await runCli(["gateway", "--port", port], {
        env: { OPENCLAW_STATE_DIR: tempDir() },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: port ${port} on 127.0.0.1 is already in use\n`);
      expect(result.stderr).toContain("hint: stop the other process, or pick another port");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
