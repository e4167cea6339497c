import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createOpenAICompletionsTransport, Http1Pool } from "../../src/providers/index.js";
import type { StreamEvent } from "../../src/providers/types.js";
import { pushToPull } from "../../src/util/push-to-pull.js";
import { moonshotModel } from "../helpers/models.js";

/** A producer that hands over `count` items in one synchronous burst, then waits for all of them. */
function burst(count: number, onResumed: () => void) {
  return async (sink: (item: number) => Promise<void> | undefined): Promise<void> => {
    const waits: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const wait = sink(i);
      if (wait) waits.push(wait);
    }
    await Promise.all(waits);
    onResumed();
  };
}

describe("pushToPull", () => {
  it("resumes every push that waited on a full queue, however many arrived at once", async () => {
    let producerDone = false;
    const items = pushToPull<number>(
      burst(200, () => {
        producerDone = true;
      }),
      () => {},
    );
    const seen: number[] = [];
    for await (const item of items) seen.push(item);
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(producerDone).toBe(true);
  });

  it("lets a waiting producer go when the consumer stops early", async () => {
    let stopped: boolean | undefined;
    let resumed = false;
    const items = pushToPull<number>(
      burst(100, () => {
        resumed = true;
      }),
      (finished) => {
        stopped = finished;
      },
    );
    for await (const item of items) if (item === 3) break;
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    expect(resumed).toBe(true);
  });
});

describe("a streamed call whose events arrive in one read", () => {
  it("delivers all 300 deltas and ends (the upstream is resumed after the burst)", async () => {
    const deltas = 300;
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "kimi-k2.5", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    let body = "";
    for (let i = 0; i < deltas; i++) body += chunk({ content: "x" }, null);
    body += `${chunk({}, "stop")}data: [DONE]\n\n`;
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end(body); // one write: every event in the first read
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const pool = new Http1Pool();
    const transport = createOpenAICompletionsTransport({ dispatcher: pool });
    try {
      const events: StreamEvent[] = [];
      for await (const event of transport.stream({
        model: { ...moonshotModel(), baseUrl: `http://127.0.0.1:${port}/v1` },
        request: { messages: [{ role: "user", content: "hi" }] },
        apiKey: "sk-test-moonshot-ai-0001",
        stream: true,
      })) {
        events.push(event);
      }
      const text = events.filter((event) => event.type === "text").length;
      expect(text).toBe(deltas);
      expect(events.at(-1)?.type).toBe("done");
    } finally {
      await pool.destroy();
      server.close();
    }
  });
});
