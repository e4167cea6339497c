/**
 * A stored response fetched while it is still streamed, with the official `openai` client over
 * a real socket: from its `response.created` on it is `in_progress` (its input items listed, a
 * delete refused with a 409 that says why), then `completed` as before; one sent with
 * `store: false`, or whose client went away, is not kept, as before.
 */

import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { eventually } from "../helpers/wait.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const PLAIN = "moonshot/kimi-k2-turbo-preview";
const TEXT = "slow ".repeat(20);

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

/** A reply the simulator streams in twenty pieces, 100 ms apart. */
function slowReply(): void {
  env.sim.script([
    { respond: { chunkDelayMs: 100, reply: { text: TEXT }, stream: { chunkChars: 5 } } },
  ]);
}

describe("a stored response fetched while it streams", () => {
  it("is in_progress with no output yet, cannot be deleted yet, then is completed", async () => {
    slowReply();
    const stream = await client.responses.create({
      model: PLAIN,
      input: "tell me slowly",
      stream: true,
    });
    let id = "";
    let text = "";
    for await (const event of stream) {
      if (event.type === "response.created") {
        id = event.response.id;
        const during = await client.responses.retrieve(id);
        expect(during).toMatchObject({ id, object: "response", status: "in_progress", output: [] });
        const items = await client.responses.inputItems.list(id);
        expect(items.data.map((item) => item.type === "message" && item.content)).toEqual([
          [{ type: "input_text", text: "tell me slowly" }],
        ]);
        const refused = await apiFailure(client.responses.delete(id));
        expect(refused.status).toBe(409);
        expect(refused.message).toContain(
          `response "${id}" is still in progress: it can be deleted once it has ended`,
        );
        expect(refused.headers?.get("x-should-retry")).toBe("false");
      }
      if (event.type === "response.output_text.delta") text += event.delta;
    }
    expect(text).toBe(TEXT);
    const after = await client.responses.retrieve(id);
    expect(after.status).toBe("completed");
    expect(after.output_text).toBe(TEXT);
    await client.responses.delete(id);
    expect((await apiFailure(client.responses.retrieve(id))).status).toBe(404);
  });

  it("cannot be continued from until it has ended: a 409 that says to wait for its end", async () => {
    slowReply();
    const stream = await client.responses.create({ model: PLAIN, input: "hi", stream: true });
    let id = "";
    for await (const event of stream) {
      if (event.type !== "response.created") continue;
      id = event.response.id;
      const refused = await apiFailure(
        client.responses.create({ model: PLAIN, input: "and then?", previous_response_id: id }),
      );
      expect(refused.status).toBe(409);
      expect(refused.message).toContain(`previous_response_id "${id}" is still in progress`);
      expect(refused.code).toBe("response_in_progress");
      expect(refused.message).toContain("Wait for its response.completed event");
      expect(refused.headers?.get("x-should-retry")).toBe("false");
    }
    env.sim.script([{ respond: { reply: { text: "then this" } } }]);
    const next = await client.responses.create({
      model: PLAIN,
      input: "and then?",
      previous_response_id: id,
    });
    expect(next.output_text).toBe("then this");
  });

  it("is not kept when sent with store: false, as before", async () => {
    slowReply();
    const stream = await client.responses.create({
      model: PLAIN,
      input: "hi",
      stream: true,
      store: false,
    });
    let id = "";
    for await (const event of stream) {
      if (event.type !== "response.created") continue;
      id = event.response.id;
      const fetched = await apiFailure(client.responses.retrieve(id));
      expect(fetched.status).toBe(404);
      stream.controller.abort();
    }
    // The stream did announce the response: the 404 above was checked, not skipped.
    expect(id).toMatch(/^resp_/);
  });

  it("is no longer found once its client has gone away", async () => {
    slowReply();
    const stream = await client.responses.create({ model: PLAIN, input: "hi", stream: true });
    let id = "";
    for await (const event of stream) {
      if (event.type !== "response.created") continue;
      id = event.response.id;
      expect((await client.responses.retrieve(id)).status).toBe("in_progress");
      stream.controller.abort();
    }
    let message = "";
    await eventually(
      async () => {
        const failure = await client.responses.retrieve(id).then(
          () => undefined,
          (error: unknown) => error as { status?: number; message?: string },
        );
        message = failure?.message ?? "";
        return failure?.status === 404;
      },
      5000,
      "the gone client's response to be forgotten",
    );
    expect(message).toContain("not one that failed or whose client disconnected");
  });
});
