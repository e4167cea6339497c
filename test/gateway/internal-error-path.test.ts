/**
 * The gateway's own failure while serving a chat request (a bug of its code, not the client's,
 * the config's, the provider's or a callback's): the client gets the anonymous 500 in OpenAI's
 * format, the log says it with its stack so that it can be found, and the gateway goes on
 * serving. Reached here through a transport (startGateway's `transports`) whose stream ends with
 * a `done` event that carries no result, which the runtime's code reads as if it did. The
 * throwing callbacks that stood in for an internal failure before are now told as the program's
 * mistake (caller-callbacks.ts, caller-key-resolver.ts). Real gateway, real sockets, the
 * simulator upstream for the requests that are answered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type Transport } from "../../src/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

function chat(url: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
    }),
  });
}

describe("an internal error while serving a chat request", () => {
  it("answers the anonymous 500 in OpenAI's format, logs it with its stack, and the gateway keeps serving", async () => {
    const real = (await defaultTransports())["openai-completions"];
    if (!real) throw new Error("no openai-completions transport");
    let calls = 0;
    const transport: Transport = {
      api: "openai-completions",
      stream(call) {
        calls++;
        if (calls > 1) return real.stream(call);
        // A `done` event without its result: what the runtime reads it for is not there.
        return (async function* () {
          yield { type: "done" } as never;
        })();
      },
    };
    const log: string[] = [];
    const gateway = await startGateway({
      port: 0,
      watch: false,
      log: (line) => log.push(line),
      env: { OPENCLAW_STATE_DIR: tempDir("iep-state-") },
      transports: { "openai-completions": transport },
      config: {
        models: {
          mode: "replace",
          providers: {
            moonshot: {
              baseUrl: sim.moonshotBaseUrl,
              apiKey: sim.keys.moonshot,
              api: "openai-completions",
              models: [{ id: "kimi-k2.5", name: "Kimi K2.5", reasoning: false, input: ["text"] }],
            },
          },
        },
        gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
      },
    });
    try {
      const failed = await chat(gateway.url);
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({
        error: {
          message: "internal gateway error",
          type: "server_error",
          param: null,
          code: "internal_error",
        },
      });
      const said = log.filter((line) => line.startsWith("gateway: internal error in "));
      expect(said).toHaveLength(1);
      // The request's id, what was thrown, and where: its stack, one frame a line.
      expect(said[0]).toMatch(/^gateway: internal error in chatcmpl-\w+: TypeError: .+\n {4}at /);
      expect(said[0]).toMatch(/runtime\.[jt]s:\d+/);
      // The gateway goes on: the next request is answered by the upstream.
      const next = await chat(gateway.url);
      expect(next.status).toBe(200);
      const body = (await next.json()) as { choices: { message: { content: string } }[] };
      expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
      expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(200);
    } finally {
      await gateway.close(1000);
    }
  });
});
