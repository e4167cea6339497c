/**
 * A 200 JSON answer that is no chat completion (a base URL that reaches another API, which
 * answers `{"detail": …}`): a failure that says so, not an empty answer passed off as the model's
 * (a request that does not stream), nor a "connection broke" one (a request that streams).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moonshotModel } from "../helpers/models.js";
import {
  collect,
  failure,
  httpServer,
  type ServerStats,
  testTransport,
} from "./transport-helpers.js";

let server: ServerStats;
const { transport, agent } = testTransport();

beforeAll(async () => {
  server = await httpServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "x-trace-id": "other-api-1" });
    response.end('{"detail":"Not Found"}');
  });
});
afterAll(async () => {
  await agent.close();
  await server.close();
});

describe("a 200 JSON answer that is no chat completion", () => {
  it.each([false, true])(
    "fails as a bad answer (stream %s), with no empty done",
    async (stream) => {
      const model = moonshotModel("kimi-k2.5", { baseUrl: `${server.origin}/v1` });
      const error = await failure(
        collect(
          transport,
          model,
          { messages: [{ role: "user", content: "hi" }] },
          { apiKey: "sk-test-0000000000000000", stream },
        ),
      );
      expect(error.errorClass).toBe("server");
      expect(error.retryable).toBe(true);
      expect(error.traceId).toBe("other-api-1");
      expect(error.message).toContain("502 server_error the response is not a chat completion");
      expect(error.message).not.toContain("connection broke");
    },
  );
});
