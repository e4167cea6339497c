/**
 * Anthropic's structured outputs, `output_config.format` (`{"type": "json_schema", "schema"}`),
 * as the Anthropic SDK's `messages.parse()` (@anthropic-ai/sdk 1.10, zodOutputFormat) sent it
 * through the gateway. It was left out with a note: the model never saw the schema, and the SDK's
 * parse of a prose answer failed. It now goes upstream as chat's `response_format` json_schema,
 * as the Responses API's `text.format` does. Real sockets, the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ start: { log: () => {} } });
});
afterAll(async () => {
  await env?.close();
});

const SCHEMA = {
  type: "object",
  properties: { name: { type: "string" }, age: { type: "number" } },
  additionalProperties: false,
  required: ["name", "age"],
};

describe("output_config.format on /v1/messages", () => {
  it("sends the schema upstream as response_format, and the answer parses as the client asked", async () => {
    env.sim.script([{ respond: { reply: { text: '{"name":"Ada","age":36}' } } }]);
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 300,
      messages: [{ role: "user", content: "A person" }],
      output_config: { format: { type: "json_schema", schema: SCHEMA } },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get("x-openclaw-notes") ?? "").not.toContain("output_config.format");
    const upstream = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    expect(upstream.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "output", schema: SCHEMA },
    });
    const body = (await response.json()) as { content: { type: string; text?: string }[] };
    const text = body.content.find((block) => block.type === "text")?.text ?? "";
    expect(JSON.parse(text)).toEqual({ name: "Ada", age: 36 });
  });

  it("keeps the effort beside the format", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k3",
      max_tokens: 300,
      messages: [{ role: "user", content: "A person" }],
      output_config: { effort: "low", format: { type: "json_schema", schema: SCHEMA } },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const upstream = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    expect(upstream.reasoning_effort).toBe("low");
    expect(upstream.response_format).toMatchObject({ type: "json_schema" });
  });

  it("refuses a format that is no JSON schema, naming the field", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 300,
      messages: [{ role: "user", content: "A person" }],
      output_config: { format: { type: "json_schema" } },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain(
      "output_config.format.schema must be a JSON schema object",
    );
  });

  it("quotes a format of another type clipped, not the whole of it", async () => {
    // A client's whole value was quoted back: a long one filled the error and the log.
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 300,
      messages: [{ role: "user", content: "A person" }],
      output_config: { format: { type: "text", instructions: "x".repeat(20_000) } },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('output_config.format must be {"type": "json_schema"');
    expect(body.error.message).toContain("(20033 characters)");
    expect(body.error.message.length).toBeLessThan(1000);
  });
});
