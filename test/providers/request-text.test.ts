/** `requestText`, the small whole-answer call under key checks and token counts, over loopback. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Http1Pool, requestText } from "../../src/providers/index.js";
import { Cancellation } from "../../src/util/cancellation.js";

let server: Server;
let origin = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/big") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("x".repeat(200_000));
    } else if (req.url === "/hang") {
      // never answers
    } else {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization }));
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("requestText", () => {
  it("returns the status and the whole answer as text", async () => {
    const pool = new Http1Pool();
    try {
      const answer = await requestText(pool, {
        url: `${origin}/echo?x=1`,
        method: "POST",
        headers: { authorization: "Bearer t" },
        body: "héllo",
        timeoutMs: 5_000,
      });
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.text)).toEqual({ method: "POST", body: "héllo", auth: "Bearer t" });
    } finally {
      await pool.destroy();
    }
  });

  it("fails an answer longer than maxBytes instead of keeping it", async () => {
    const pool = new Http1Pool();
    try {
      await expect(
        requestText(pool, {
          url: `${origin}/big`,
          method: "GET",
          headers: {},
          timeoutMs: 5_000,
          maxBytes: 1_000,
        }),
      ).rejects.toThrow("the answer is longer than 1000 bytes");
    } finally {
      await pool.destroy();
    }
  });

  it("gives up when cancelled, with the signal's reason", async () => {
    const pool = new Http1Pool();
    const cancel = new Cancellation();
    try {
      const pending = requestText(pool, {
        url: `${origin}/hang`,
        method: "GET",
        headers: {},
        timeoutMs: 60_000,
        signal: cancel,
      });
      setTimeout(() => cancel.abort(new Error("stopped by the test")), 20);
      await expect(pending).rejects.toThrow("stopped by the test");
    } finally {
      await pool.destroy();
    }
  });
});
