/**
 * A client connection left idle between two requests stays open past the 5 s Node closes it
 * after by default, so a pool that reuses it later (openai-python's keeps one 5 s, nginx's
 * upstream keepalive 60 s, a load balancer's 60 s) gets its answer rather than a reset: a 502
 * from the proxy in front (tashfeenahmed/freellmapi#1116), "Server disconnected without sending
 * a response" in the client.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** One keep-alive GET of /v1/models on `socket`; resolves with the status line once answered whole. */
function getModels(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      const head = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: (\d+)/i.exec(text)?.[1];
      if (head < 0 || length === undefined) return;
      if (text.length - head - 4 < Number(length)) return;
      socket.off("data", onData);
      socket.off("close", onClose);
      resolve(text.slice(0, text.indexOf("\r\n")));
    };
    const onClose = () => reject(new Error(`the gateway closed the connection; got: ${text}`));
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.write(
      `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\nConnection: keep-alive\r\n\r\n`,
    );
  });
}

describe("an idle client connection", () => {
  it("still answers a request sent on it 6 s after the last one", async () => {
    const { port } = new URL(env.gateway.url);
    const socket = connect(Number(port), "127.0.0.1");
    socket.on("error", () => {});
    try {
      expect(await getModels(socket)).toBe("HTTP/1.1 200 OK");
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(await getModels(socket)).toBe("HTTP/1.1 200 OK");
    } finally {
      socket.destroy();
    }
  }, 20_000);
});
