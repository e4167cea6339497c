/**
 * Some proxies answer a refused request with the headers it carried, and that answer becomes the
 * error a program shows. A credential a library caller passes for one call (`request.headers`) is
 * masked there as the config's headers and the key are. The library API, a real socket to an
 * upstream that echoes.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { openRuntime } from "../../src/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { tempDir } from "../helpers/tmp.js";

const CALL_KEY = "cal9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4";
const CALL_TOKEN = "tok1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";

let upstream: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  upstream = undefined;
});

/** A proxy that answers 401 with every header the request carried, as some do. */
async function echoingUpstream(): Promise<number> {
  upstream = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(401, { "content-type": "application/json" });
      const seen = JSON.stringify(req.headers);
      res.end(
        JSON.stringify({ error: { type: "authentication_error", message: `denied ${seen}` } }),
      );
    });
  });
  await new Promise<void>((resolve) => upstream?.listen(0, "127.0.0.1", resolve));
  return (upstream.address() as AddressInfo).port;
}

describe("a library caller's request.headers in an error that echoes the request", () => {
  it("are masked as the config's are, streamed or not", async () => {
    const port = await echoingUpstream();
    const { runtime } = openRuntime({
      config: {
        models: {
          providers: {
            proxy: customProvider([{ id: "m1", name: "m1" }], {
              baseUrl: `http://127.0.0.1:${port}/v1`,
              authHeader: false,
            }),
          },
        },
        agents: { defaults: { model: { primary: "proxy/m1" } } },
      },
      env: { OPENCLAW_STATE_DIR: tempDir() },
    });
    const request = {
      messages: [{ role: "user" as const, content: "hi" }],
      headers: { "x-api-key": CALL_KEY, "x-session-token": CALL_TOKEN, "x-trace": "trace-7" },
    };
    const plain = await runtime.complete({ request }).then(
      () => "answered",
      (error: Error) => error.message,
    );
    const streamed = await (async () => {
      for await (const event of runtime.stream({ request })) void event;
      return "answered";
    })().catch((error: Error) => error.message);
    for (const message of [plain, streamed]) {
      // The echo is still there to read, each credential as its masked form.
      expect(message).toContain('"x-api-key":"…e5d4"');
      expect(message).toContain('"x-session-token":"…5c6d"');
      expect(message).toContain('"x-trace":"trace-7"');
      expect(message).not.toContain(CALL_KEY);
      expect(message).not.toContain(CALL_TOKEN);
    }
  });
});
