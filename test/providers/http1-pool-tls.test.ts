/**
 * Http1Pool over TLS, as every real Moonshot and Kimi Code call is: a local https server with a
 * test certificate for `api.moonshot.ai` (the name is sent to 127.0.0.1 by a custom lookup).
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Http1Pool } from "../../src/providers/index.js";
import { errorCodeOf, loopbackLookup, send } from "./transport-helpers.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "tls");
const cert = readFileSync(join(fixtures, "cert.pem"));
const key = readFileSync(join(fixtures, "key.pem"));

describe("Http1Pool over TLS", () => {
  let server: Server;
  let origin = "";
  const handshakes: Array<{ servername: string | false; resumed: boolean; alpn: string | false }> =
    [];

  beforeAll(async () => {
    server = createServer({ cert, key, ALPNProtocols: ["http/1.1"] }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = JSON.stringify({ got: Buffer.concat(chunks).toString(), path: req.url });
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        });
        res.end(body);
      });
    });
    server.on("secureConnection", (socket: TLSSocket) => {
      handshakes.push({
        servername: socket.servername ?? false,
        resumed: socket.isSessionReused(),
        alpn: socket.alpnProtocol ?? false,
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `https://api.moonshot.ai:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("verifies the server by name, keeps the connection, and resumes the TLS session on the next", async () => {
    handshakes.length = 0;
    const pool = new Http1Pool({ ca: cert, lookup: loopbackLookup, keepAliveTimeout: 10_000 });
    try {
      for (const text of ["first", "second ✓"]) {
        const outcome = await send(pool, { origin, path: "/v1/chat/completions", body: text }).done;
        expect(outcome.error).toBeUndefined();
        expect(outcome.status).toBe(200);
        expect(JSON.parse(outcome.body.toString())).toEqual({
          got: text,
          path: "/v1/chat/completions",
        });
      }
      // Both requests went over one connection, named for SNI, speaking HTTP/1.1.
      expect(handshakes).toEqual([
        { servername: "api.moonshot.ai", resumed: false, alpn: "http/1.1" },
      ]);
      // A new connection (the server dropped the old one) resumes the session instead of a full handshake.
      server.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = await send(pool, { origin, path: "/v1/models", body: "third" }).done;
      expect(again.status).toBe(200);
      expect(handshakes).toHaveLength(2);
      expect(handshakes[1]?.resumed).toBe(true);
    } finally {
      await pool.destroy();
    }
  });

  it("refuses a server it cannot verify, with the TLS error's code", async () => {
    const pool = new Http1Pool({ lookup: loopbackLookup });
    try {
      const outcome = await send(pool, { origin, path: "/v1/models", body: "" }).done;
      expect(outcome.status).toBe(0);
      expect(errorCodeOf(outcome.error)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    } finally {
      await pool.destroy();
    }
  });
});
