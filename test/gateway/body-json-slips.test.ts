/**
 * A hand-written body that is not JSON: the 400 names the line and column of the fault, and the
 * two slips the parser's words do not name (a trailing comma, single quotes) are said. Before,
 * "Expected double-quoted property name in JSON at position 64" alone, for a trailing comma.
 * Plain fetch (a client would not send such a body), real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("a request body that is not JSON", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const refusal = async (body: string) => {
    const response = await fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body,
    });
    const { error } = (await response.json()) as { error: { message: string; code: string } };
    return { status: response.status, code: error.code, message: error.message };
  };

  it("is a 400 naming the line and column, and a trailing comma or single quotes", async () => {
    const trailing = await refusal(
      '{\n  "model": "openclaw",\n  "messages": [{"role": "user", "content": "hi"}],\n}',
    );
    expect(trailing).toEqual({
      status: 400,
      code: "invalid_json",
      message: expect.stringMatching(
        /^the request body is not valid JSON \(.*, line 4 column 1\): a comma before \}; JSON takes no trailing comma$/,
      ),
    });
    expect((await refusal("{'model': 'openclaw'}")).message).toMatch(
      /, line 1 column 2\): a single quote; JSON writes keys and strings in double quotes$/,
    );
    // Another fault: its place, and no slip said.
    expect((await refusal('{"model": "openclaw" "messages": []}')).message).toMatch(
      /, line 1 column 22\)$/,
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });
});
