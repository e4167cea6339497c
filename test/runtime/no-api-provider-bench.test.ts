/**
 * A provider found to have no API at its base URL (a base URL without its /v1) is benched whole:
 * its other models at that base URL are skipped as the first one is, instead of each paying its
 * own 404 before the chain reaches a fallback. Fixed (the config sends it to its /v1), it is
 * asked again at once. A real server over a socket answering as FastAPI (vLLM) does.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCooldowns, openRuntime } from "../../src/runtime/index.js";
import { tempDir } from "../helpers/tmp.js";

let server: Server;
let root: string;
const asked: string[] = [];
beforeAll(async () => {
  // Chat at /v1/chat/completions; FastAPI's own 404 for any other path.
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
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ detail: "Not Found" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

function config(vllmBaseUrl: string) {
  const provider = (baseUrl: string, ids: string[]) => ({
    baseUrl,
    apiKey: "sk-local-0123456789abcdef",
    api: "openai-completions",
    models: ids.map((id) => ({ id, name: id })),
  });
  return {
    models: {
      providers: {
        vllm: provider(vllmBaseUrl, ["a", "b"]),
        other: provider(`${root}/v1`, ["c"]),
      },
    },
    agents: {
      defaults: { model: { primary: "vllm/a", fallbacks: ["vllm/b", "other/c"] } },
    },
  };
}

const ask = { messages: [{ role: "user" as const, content: "hi" }] };

describe("a provider with no API at its base URL", () => {
  it("is benched whole: its other model is not asked, and it is asked again once fixed", async () => {
    const cooldowns = createCooldowns();
    const env = { OPENCLAW_STATE_DIR: tempDir() };
    asked.length = 0;
    const broken = openRuntime({ config: config(root), env, cooldowns });
    const answer = await broken.runtime.complete({ request: ask });
    expect(answer.model).toBe("other/c");
    // vllm/a's 404 said the base URL is wrong: vllm/b, at the same address, was not asked.
    expect(asked).toEqual(["/chat/completions a", "/v1/chat/completions c"]);
    const [failed, skipped] = answer.failedAttempts;
    expect(failed).toMatchObject({ model: "vllm/a", status: 404 });
    expect(failed?.message).toContain("has no API at its base URL (asked for model a)");
    // Said as the base URL's fault, not as "a not-found error", which reads as a model to change.
    expect(skipped?.model).toBe("vllm/b");
    expect(skipped?.message).toMatch(
      /^vllm\/b skipped for \d+s: no API answered at its provider's base URL on an earlier request$/,
    );
    expect(answer.failedAttempts).toHaveLength(2);

    // The next request asks neither.
    asked.length = 0;
    expect((await broken.runtime.complete({ request: ask })).model).toBe("other/c");
    expect(asked).toEqual(["/v1/chat/completions c"]);

    // Asked by name with nothing after it, vllm/b is tried: its error names the setting to fix.
    asked.length = 0;
    const byName = await broken.runtime
      .complete({ model: "vllm/b", request: ask })
      .catch((error: unknown) => error);
    expect(byName).toMatchObject({ noApiAtBaseUrl: true, where: "models.providers.vllm.baseUrl" });
    expect(asked).toEqual(["/chat/completions b"]);

    // Its base URL fixed (the config read again, the cooldowns kept): asked at once.
    asked.length = 0;
    const fixed = openRuntime({ config: config(`${root}/v1`), env, cooldowns });
    expect((await fixed.runtime.complete({ request: ask })).model).toBe("vllm/a");
    expect(asked).toEqual(["/v1/chat/completions a"]);
  });
});

describe("LM Studio's 200 for a path it does not serve", () => {
  it("benches the provider as a 404 of no API does, and is not retried", async () => {
    const lmAsked: string[] = [];
    // LM Studio without /v1: a 200 whose error names the path (lmstudio-bug-tracker#618).
    const lmStudio = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        lmAsked.push(`${req.url} ${(JSON.parse(body || "{}") as { model?: string }).model ?? ""}`);
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        res.end(
          JSON.stringify({ error: `Unexpected endpoint or method. (${req.method} ${req.url})` }),
        );
      });
    });
    await new Promise<void>((resolve) => lmStudio.listen(0, "127.0.0.1", resolve));
    try {
      const lmRoot = `http://127.0.0.1:${(lmStudio.address() as AddressInfo).port}`;
      asked.length = 0;
      const { runtime } = openRuntime({
        config: config(lmRoot),
        env: { OPENCLAW_STATE_DIR: tempDir() },
        cooldowns: createCooldowns(),
      });
      const answer = await runtime.complete({ request: ask });
      expect(answer.model).toBe("other/c");
      // Asked once (no retry of a "bad answer"), its sibling skipped.
      expect(lmAsked).toEqual(["/chat/completions a"]);
      const [failed, skipped] = answer.failedAttempts;
      expect(failed?.message).toContain(
        "has no API at its base URL (asked for model a): 200 Unexpected endpoint or method. (POST /chat/completions)",
      );
      expect(skipped?.message).toMatch(
        /^vllm\/b skipped for \d+s: no API answered at its provider's base URL on an earlier request$/,
      );
    } finally {
      await new Promise((resolve) => lmStudio.close(resolve));
    }
  });
});
