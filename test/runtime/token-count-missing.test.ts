/**
 * A Moonshot provider behind a proxy that passes chat requests but not Moonshot's token-count
 * endpoint: the exact count asked for meets the proxy's 404 there. The chat goes on with the local
 * estimate, the model and its provider are not benched, the start event says what happened, and
 * later runs at that base URL do not ask for the count again (their start says so). A real server over a socket
 * answering as FastAPI does for a path it has no route at.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedModel } from "../../src/catalog/types.js";
import { createCooldowns, openRuntime } from "../../src/runtime/index.js";
import { type CountlessBaseUrls, prepareExactly } from "../../src/runtime/prepare-request.js";
import { NoTokenCountEndpoint } from "../../src/runtime/token-count.js";
import type { RuntimeEvent } from "../../src/runtime/types.js";
import { moonshotModel } from "../helpers/models.js";
import { tempDir } from "../helpers/tmp.js";

let server: Server;
let root: string;
const asked: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const model = (JSON.parse(body || "{}") as { model?: string }).model ?? "";
      asked.push(`${req.url} ${model}`);
      if (req.method === "POST" && req.url === "/v1/chat/completions") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "chatcmpl-1",
            object: "chat.completion",
            created: 1,
            model,
            choices: [
              { index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" },
            ],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
        return;
      }
      res.writeHead(404, { "content-type": "application/json", "x-request-id": "proxy-1" });
      res.end(JSON.stringify({ detail: "Not Found" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

function config() {
  const provider = (ids: string[]) => ({
    baseUrl: `${root}/v1`,
    apiKey: "sk-proxy-0123456789abcdef",
    api: "openai-completions",
    models: ids.map((id) => ({ id, name: id })),
  });
  return {
    models: { providers: { "moonshot-proxy": provider(["a", "b"]), other: provider(["c"]) } },
    agents: {
      defaults: {
        model: { primary: "moonshot-proxy/a", fallbacks: ["moonshot-proxy/b", "other/c"] },
      },
    },
  };
}

const ask = { messages: [{ role: "user" as const, content: "hi" }] };

async function run(runtime: ReturnType<typeof openRuntime>["runtime"]) {
  const events: RuntimeEvent[] = [];
  for await (const event of runtime.stream({ request: ask, exactTokenCount: true })) {
    events.push(event);
  }
  const start = events.find((event) => event.type === "start");
  return {
    events,
    adjustments: start?.type === "start" ? start.adjustments : undefined,
  };
}

describe("a Moonshot provider whose proxy has no token-count endpoint", () => {
  it("answers with the local estimate, benches nothing, says so and stops asking", async () => {
    const { runtime } = openRuntime({
      config: config(),
      env: { OPENCLAW_STATE_DIR: tempDir() },
      cooldowns: createCooldowns(),
    });
    asked.length = 0;
    const first = await run(runtime);
    const result = first.events.at(-1);
    expect(result?.type).toBe("result");
    expect(result?.type === "result" ? result.result.model : undefined).toBe("moonshot-proxy/a");
    expect(first.events.filter((event) => event.type === "fallback")).toEqual([]);
    expect(asked).toEqual(["/v1/tokenizers/estimate-token-count a", "/v1/chat/completions a"]);
    const said = (first.adjustments ?? []).join(" | ");
    expect(said).toBe(
      `moonshot-proxy has no token-count endpoint at ${root}/v1/tokenizers/estimate-token-count: it answered 404 as for a path it has no route at (trace proxy-1); the context check used the local estimate instead, as it will at this base URL without asking again`,
    );
    // Not the chat's base URL: nothing says it has no API.
    expect(said).not.toContain("no API");

    // The next run asks no count and the same model answers; its start still says why its
    // count is the estimate (its caller asked for the exact one, and may not have seen the first).
    asked.length = 0;
    const second = await run(runtime);
    const again = second.events.at(-1);
    expect(again?.type === "result" ? again.result.model : undefined).toBe("moonshot-proxy/a");
    expect(asked).toEqual(["/v1/chat/completions a"]);
    expect(second.adjustments).toEqual([
      `${root}/v1/tokenizers/estimate-token-count answered an earlier request as a path it has no route at (no token-count endpoint there); the context check used the local estimate, without asking again at this base URL`,
    ]);
  });
});

describe("the base URLs remembered to have no token-count endpoint", () => {
  it("are a bounded memory", async () => {
    const countless: CountlessBaseUrls = new Set();
    const refuse = async (model: ResolvedModel): Promise<number> => {
      throw new NoTokenCountEndpoint({
        errorClass: "not_found",
        message: `${model.provider} has no token-count endpoint`,
        provider: model.provider,
        model: model.id,
        status: 404,
      });
    };
    for (let i = 0; i < 200; i++) {
      const model = moonshotModel("m", { baseUrl: `https://proxy-${i}.example/v1` });
      const prepared = await prepareExactly(model, { request: ask }, undefined, refuse, countless);
      expect("tooLong" in prepared).toBe(false);
      expect(countless.size).toBeLessThanOrEqual(64);
      expect(countless.has(model.baseUrl)).toBe(true);
    }
  });
});
