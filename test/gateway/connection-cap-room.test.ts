/**
 * At the connection cap (a low open-files limit lowers it, see open-files.ts), idle kept-alive
 * client connections must not lock new clients out: Node closed every client past the cap on
 * arrival while idle sockets, kept 65 s for their next request, held every place. A new client
 * takes the place of the connection used least recently; a request in flight is never cut for it.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const CAP = 4;
let env: GatewayEnv;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  env = await startGatewayEnv({ start: { limits: { maxConnections: CAP } } });
  port = Number(new URL(env.gateway.url).port);
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await env?.close();
});

/** A client connection, open once connected; `closed` resolves when the gateway closes it. */
async function client(): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("close", () => reject(new Error("the gateway closed the connection at once")));
  });
  return { socket, closed };
}

/** Writes `request` on `socket` and resolves with what came back once `complete` says so. */
function exchange(socket: Socket, request: string, complete: (text: string) => boolean) {
  return new Promise<string>((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (!complete(text)) return;
      socket.off("data", onData);
      socket.off("close", onClose);
      resolve(text);
    };
    const onClose = () => reject(new Error(`the gateway closed the connection; got: ${text}`));
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.write(request);
  });
}

/** One keep-alive GET of /v1/models; resolves with its status line once answered whole. */
async function getModels(socket: Socket): Promise<string> {
  const text = await exchange(
    socket,
    `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\n\r\n`,
    (got) => {
      const head = got.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: (\d+)/i.exec(got)?.[1];
      return head >= 0 && length !== undefined && got.length - head - 4 >= Number(length);
    },
  );
  return text.slice(0, text.indexOf("\r\n"));
}

describe("a new client at the connection cap, with the other connections idle", () => {
  it("is answered in the place of the least recently used idle one; a stream in flight goes on", async () => {
    env.sim.script([
      {
        respond: {
          chunkDelayMs: 100,
          reply: { text: "slow ".repeat(30) },
          stream: { chunkChars: 5 },
        },
      },
    ]);
    // One connection with a stream in flight (its head read, 30 chunks 100 ms apart to come)…
    const streaming = await client();
    const body = JSON.stringify({
      model: "moonshot/kimi-k2.5",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    let streamHead!: () => void;
    const headRead = new Promise<void>((resolve) => {
      streamHead = resolve;
    });
    let streamEnded = false;
    const stream = exchange(
      streaming.socket,
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      (got) => {
        if (got.includes("\r\n\r\n")) streamHead();
        streamEnded = got.endsWith("0\r\n\r\n");
        return streamEnded;
      },
    );
    // Awaited at the end; a failure before then must not surface as an unhandled rejection.
    stream.catch(() => {});
    await headRead;
    // …and the rest of the cap filled with kept-alive connections, each idle after one answer.
    const idle = [];
    for (let i = 1; i < CAP; i++) {
      const next = await client();
      expect(await getModels(next.socket)).toBe("HTTP/1.1 200 OK");
      idle.push(next);
    }

    const newcomer = await client();
    expect(await getModels(newcomer.socket)).toBe("HTTP/1.1 200 OK");
    expect(streamEnded).toBe(false);

    // The place was the first idle connection's (used least recently); the others still serve.
    await idle[0]?.closed;
    for (const kept of idle.slice(1)) expect(await getModels(kept.socket)).toBe("HTTP/1.1 200 OK");
    const streamed = await stream;
    expect(streamed.startsWith("HTTP/1.1 200 OK")).toBe(true);
    expect(streamed).toContain("data: [DONE]");
    expect(streaming.socket.destroyed).toBe(false);
  }, 20_000);
});
