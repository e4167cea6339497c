/**
 * A note about the thinking a client asked for (logged once per model and text) quotes its
 * `thinking` object shortened: a client's megabytes of thinking options must not become a log
 * line of megabytes, nor one kept in memory per distinct request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

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
    expect(reply).toBeDefined();
    const note = lines.find((line) => line.includes("sent as reasoning effort"));
    expect(note).toBeDefined();
    expect(note).toContain('thinking {"type":"disabled","budget":"xxx');
    expect(note).toMatch(/… \(30000\d\d characters\) sent as reasoning effort "low"/);
    expect(note?.length).toBeLessThan(1_000);
  });
});
