/**
 * A loopback OpenAI-compatible relay of another company that refuses every key with a 401 (or
 * the `status` given, a 403 as some relays answer), as such a service answers a key it did not
 * issue: a provider of one's own at a host that is not Moonshot's. Registers its hooks in the
 * calling scope; read `baseUrl` inside tests.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

export interface RefusingRelay {
  /** `http://127.0.0.1:<port>/v1`. */
  readonly baseUrl: string;
}

export function refusingRelay(status: 401 | 403 = 401): RefusingRelay {
  let server: Server | undefined;
  let baseUrl: string | undefined;
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      response.writeHead(status, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          error: { message: "Incorrect API key provided", type: "invalid_request_error" },
        }),
      );
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return {
    get baseUrl() {
      if (baseUrl === undefined)
        throw new Error("the relay starts in beforeAll; read it in a test");
      return baseUrl;
    },
  };
}
