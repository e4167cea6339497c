/**
 * A note about what a client asked for (logged once per model and text) quotes its values
 * shortened: a client's megabytes of thinking options or of tool name must not become a log
 * line of megabytes, nor one kept in memory per distinct request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
const lines: string[] = [];

beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [], start: { log: (line) => lines.push(line) } });
});
afterAll(async () => {
  await env?.close();
});

describe("a note on the thinking asked for", () => {
  it("quotes a huge thinking object by its start and its length", async () => {
    const reply = await env.client().chat.completions.create({
      model: "moonshot/kimi-k3",
      messages: [{ role: "user", content: "hi" }],
      thinking: { type: "disabled", budget: "x".repeat(3_000_000) },
    } as never);
    // The huge option does not cost the client its answer.
    expect(reply.choices[0]?.message.content).toBe("Echo: hi");
    const note = lines.find((line) => line.includes("sent as reasoning effort"));
    expect(note).toBeDefined();
    expect(note).toContain('thinking {"type":"disabled","budget":"xxx');
    expect(note).toMatch(/… \(30000\d\d characters\) sent as reasoning effort "low"/);
    expect(note?.length).toBeLessThan(1_000);
  });

  it("quotes a huge tool name by its start and its length, in the tool's and tool_choice's notes", async () => {
    lines.length = 0;
    const name = "t".repeat(200_000);
    const reply = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2-thinking",
        messages: [{ role: "user", content: "hi" }],
        // A union type Moonshot does not take: the schema is adapted, and that is noted.
        tools: [
          {
            type: "function",
            function: {
              name,
              parameters: { type: "object", properties: { a: { type: ["string", "null"] } } },
            },
          },
        ],
        tool_choice: { type: "function", function: { name } },
      }),
    });
    expect(reply.status).toBe(200);
    const adapted = lines.find((line) => line.includes("parameters adapted"));
    const choice = lines.find((line) => line.includes('sent as "auto"'));
    expect(adapted).toContain(`tool "${"t".repeat(40)}…" (200000 characters) parameters adapted`);
    expect(choice).toContain('tool_choice {"type":"function","function":{"name":"ttt');
    expect(choice).toMatch(/… \(2000\d\d characters\) sent as "auto"/);
    for (const line of [adapted, choice]) expect(line?.length).toBeLessThan(1_000);
  });
});
