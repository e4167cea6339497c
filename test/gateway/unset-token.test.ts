/**
 * A client whose token variable was unset, empty or never expanded: `curl -H "Authorization:
 * Bearer $TOKEN"` with no TOKEN, `Bearer ${process.env.TOKEN}` in JavaScript, `'Bearer $TOKEN'`
 * in single quotes. The 401 says which of these it was, not "does not start with Bearer" (it
 * does) or "incorrect gateway token" (none was sent), so the user fixes the variable. Likewise a
 * token copied with more than itself: its quotes, a second `Bearer `, an invisible space.
 */
import { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

interface ErrorBody {
  error: { message: string; type: string; param: unknown; code: string };
}

async function modelsWith(authorization: string): Promise<{ status: number; body: ErrorBody }> {
  const response = await fetch(`${env.baseURL}/models`, { headers: { authorization } });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

async function chatErrorWith(apiKey: string): Promise<APIError> {
  const error = await env
    .client(apiKey)
    .chat.completions.create({ model: "openclaw", messages: [{ role: "user", content: "hi" }] })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

describe("a token variable that was unset or not expanded", () => {
  it("says Bearer came with no token, for an empty variable", async () => {
    for (const authorization of ["Bearer ", "Bearer", "bearer   "]) {
      const { status, body } = await modelsWith(authorization);
      expect(status).toBe(401);
      expect(body.error.code).toBe("invalid_api_key");
      expect(body.error.message).toMatch(
        /^empty gateway token: Bearer came with no token after it, as when the variable meant to hold it is unset or empty/,
      );
      expect(body.error.message).not.toContain("does not start with Bearer");
    }
  });

  it('says the token was the word "undefined", what JavaScript sends for an unset variable', async () => {
    const error = await chatErrorWith("undefined");
    expect(error.status).toBe(401);
    expect(error.code).toBe("invalid_api_key");
    expect(error.message).toContain(
      'the token sent is the word "undefined", what JavaScript writes for a variable that is not set',
    );
  });

  it("says the token was a variable's name, not expanded", async () => {
    for (const name of ["$TOKEN", "${OPENCLAW_TOKEN}"]) {
      const error = await chatErrorWith(name);
      expect(error.status).toBe(401);
      expect(error.message).toContain(`the token sent is the variable name ${name}, not expanded`);
    }
  });

  it("still calls a wrong token wrong, and takes the right one", async () => {
    const wrong = await chatErrorWith("not-the-token-at-all");
    expect(wrong.message).toMatch(/^401 incorrect gateway token: send this gateway's own token/);
    const answer = await env
      .client(GATEWAY_TOKEN)
      .chat.completions.create({ model: "openclaw", messages: [{ role: "user", content: "hi" }] });
    expect(answer.choices[0]?.message.content).toBe("Echo: hi");
  });
});

describe("a token copied with more than itself", () => {
  it("says what came with it, quoting none of it", async () => {
    const cases = [
      [`"${GATEWAY_TOKEN}"`, "the token sent is in double quotes"],
      [`'${GATEWAY_TOKEN}'`, "the token sent is in single quotes"],
      [`Bearer ${GATEWAY_TOKEN}`, "the token sent starts with Bearer again"],
    ] as const;
    for (const [apiKey, slip] of cases) {
      const error = await chatErrorWith(apiKey);
      expect(error.status).toBe(401);
      expect(error.code).toBe("invalid_api_key");
      expect(error.message).toContain(`incorrect gateway token: ${slip}`);
      expect(error.message).not.toContain(GATEWAY_TOKEN);
    }
  });

  it("says an invisible character came along: a UTF-8 non-breaking space after it", async () => {
    // The two bytes a UTF-8 terminal pastes for U+00A0, as a header's latin1 text.
    const { status, body } = await modelsWith(`Bearer ${GATEWAY_TOKEN}\u00c2\u00a0`);
    expect(status).toBe(401);
    expect(body.error.message).toContain("is not printable ASCII");
    expect(body.error.message).not.toContain(GATEWAY_TOKEN);
  });
});
