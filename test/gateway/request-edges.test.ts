/**
 * Requests at the edges of what clients send, over real HTTP with the official `openai` client
 * (and plain fetch where the client would not send it): model names spelled in another case,
 * failures that must be named and logged, nulls, legacy fields, and routes beside the chat.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** The body the simulator got for the latest chat request. */
function lastUpstream(): Record<string, unknown> {
  return env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
}

describe("model names", () => {
  it("answers a model ref spelled in another case, as GET /v1/models/{id} finds it", async () => {
    const found = await fetch(`${env.baseURL}/models/MOONSHOT%2FKIMI-K2.5`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(found.status).toBe(200);
    const client = env.client();
    const answer = await client.chat.completions.create({
      model: "moonshot/KIMI-K2.5",
      messages: [{ role: "user", content: "case" }],
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: case");
    expect(lastUpstream().model).toBe("kimi-k2.5");
    const stream = await client.chat.completions.create({
      model: "Moonshot/Kimi-K2.5",
      messages: [{ role: "user", content: "streamed" }],
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Echo: streamed");
  });
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const answer = await fetch(`${env.baseURL}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${GATEWAY_TOKEN}`,
      "content-type": "application/json",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await answer.text();
  return { status: answer.status, headers: answer.headers, body: JSON.parse(text) as ApiBody };
}

interface ApiBody {
  error?: { message: string; type: string; param: string | null; code: string | null };
  choices?: { message: Record<string, unknown>; finish_reason: string }[];
  [key: string]: unknown;
}

/** A tool parameters schema whose properties nest `levels` deep, as JSON text. */
function nestedSchema(levels: number): string {
  return `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${"}}".repeat(levels)}`;
}

function chatWithSchema(schema: string): string {
  return `{"model":"moonshot/kimi-k2.5","messages":[{"role":"user","content":"deep"}],"tools":[{"type":"function","function":{"name":"deep","parameters":${schema}}}]}`;
}

describe("failures a client cannot see into", () => {
  it("refuses a tool schema nested thousands of levels deep with a 400 naming it, before any upstream call", async () => {
    const before = env.sim.chatRequests().length;
    const deep = await post("/chat/completions", chatWithSchema(nestedSchema(3000)));
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({
      param: "tools[0].function.parameters",
      code: "nesting_too_deep",
    });
    expect(deep.body.error?.message).toContain("at most 100 levels");
    expect(env.sim.chatRequests().length).toBe(before);
    // A schema nested as deep as real ones get (and deeper) goes through.
    const fine = await post("/chat/completions", chatWithSchema(nestedSchema(40)));
    expect(fine.status).toBe(200);
  });
});

describe("a failure inside the gateway", () => {
  let broken: GatewayEnv;
  const lines: string[] = [];
  beforeAll(async () => {
    broken = await startGatewayEnv({
      extraProviders: {
        local: {
          baseUrl: "http://127.0.0.1:9/v1",
          authHeader: false,
          api: "openai-completions",
          models: [{ id: "echo", name: "Local Echo" }],
        },
      },
      start: {
        log: (line) => lines.push(line),
        // The credential store failing in a way nobody planned for: a plain TypeError.
        resolveKey: (model) => {
          if (model.provider === "local") throw new TypeError("credential store went away");
          return undefined;
        },
      },
    });
  });
  afterAll(async () => {
    await broken?.close();
  });

  it("answers 500 and writes the error with its stack to the log", async () => {
    const answer = await fetch(`${broken.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "local/echo", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(answer.status).toBe(500);
    const requestId = answer.headers.get("x-request-id") ?? "";
    expect(requestId).not.toBe("");
    const line = lines.find((entry) => entry.includes("internal error"));
    expect(line).toContain(requestId);
    expect(line).toContain("TypeError: credential store went away");
    expect(line).toMatch(/\n {4}at /);
  });
});

describe("errors that name what to change", () => {
  it("tells a client that sent the token without `Bearer ` how the header must read", async () => {
    const models = (authorization: string) =>
      fetch(`${env.baseURL}/models`, { headers: { authorization } });
    for (const header of [GATEWAY_TOKEN, `Basic ${btoa(`user:${GATEWAY_TOKEN}`)}`]) {
      const answer = await models(header);
      expect(answer.status).toBe(401);
      const { error } = (await answer.json()) as ApiBody;
      expect(error?.message).toContain("Authorization: Bearer <gateway token>");
      expect(error?.message).not.toContain(GATEWAY_TOKEN);
    }
    const wrong = await models("Bearer not-the-token");
    expect(((await wrong.json()) as ApiBody).error?.message).toBe("incorrect gateway token");
  });

  it("names the message whose empty text the provider refused, without sending the user to the config", async () => {
    const answer = await post("/chat/completions", {
      model: "kimi-code/kimi-for-coding",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "" },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.param).toBe("messages[1].content");
    expect(answer.body.error?.message).toContain("text content is empty");
    expect(answer.body.error?.message).toContain("messages[1].content has no text");
    expect(answer.body.error?.message).not.toContain("compat");
  });

  it("names the image part a text-only model cannot take", async () => {
    const answer = await post("/chat/completions", {
      model: "moonshot/kimi-k2-turbo-preview",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: "image_not_supported",
      param: "messages[0].content[1]",
    });
  });

  it("says which setting a body over the size limit is measured against", async () => {
    const small = await startGatewayEnv({ start: { limits: { maxBodyBytes: 1024 } } });
    try {
      const answer = await fetch(`${small.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.5",
          messages: [{ role: "user", content: "x".repeat(2048) }],
        }),
      });
      expect(answer.status).toBe(413);
      const { error } = (await answer.json()) as ApiBody;
      expect(error?.message).toContain("1024 bytes");
      expect(error?.message).toContain("gateway.limits.maxBodyBytes");
    } finally {
      await small.close();
    }
  });
});
