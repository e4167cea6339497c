/**
 * What an upstream streams for a tool call after the call was given out whole (`{"a":1}{"b":2}`,
 * or call 0's first arguments after call 1's began) is left out of the answer: never silently.
 * The gateway's process says so on one line per request (model, request, trace, call, how many
 * characters; not the text), and a library caller finds it on the run's result. The upstream is
 * a small loopback server sending exactly the chunks each test gives.
 */
import { existsSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, type RunResult } from "../../src/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";
import { GATEWAY_TOKEN } from "./harness.js";

type Json = Record<string, unknown>;

const root = resolve(import.meta.dirname, "../..");
const TRACE = "trace-dropped-0001";

/** The deltas of the next streamed answer (each request takes the next script). */
const scripts: Json[][] = [];
let server: Server;
let upstreamUrl: string;

beforeAll(async () => {
  // `npm run build` first (the gateway process runs from dist).
  expect(existsSync(join(root, "dist", "cli", "main.js"))).toBe(true);
  server = createServer((req, res) => {
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "tools-model", object: "model" }] }));
      return;
    }
    req.resume();
    req.on("end", () => {
      const deltas = scripts.shift() ?? [{ content: "nothing scripted" }];
      res.writeHead(200, { "content-type": "text/event-stream", "x-trace-id": TRACE });
      const send = (choice: Json) =>
        res.write(
          `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "tools-model", choices: [{ index: 0, ...choice }] })}\n\n`,
        );
      for (const delta of deltas) send({ delta, finish_reason: null });
      send({ delta: {}, finish_reason: "tool_calls" });
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  upstreamUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterEach(() => killGatewayProcesses());
afterAll(() => new Promise((done) => server.close(done)));

/** A tool-call delta: a call's head (with its id and name) and its first arguments, or more of them. */
function call(index: number, args: string, id?: string): Json {
  const fn = id ? { name: "get_time", arguments: args } : { arguments: args };
  return { tool_calls: [{ index, ...(id ? { id, type: "function" } : {}), function: fn }] };
}

/**
 * Two JSON values in one call's arguments, the second after another call began (the first was
 * then complete and given out): the second (7 characters) is left out.
 */
const twoValues = [
  call(0, '{"a":1}', "call_a"),
  call(1, '{"tz":"UTC"}', "call_b"),
  call(0, '{"b":2}'),
];
/** Call 0's arguments after call 1's began, when it had none: they (8 characters) are left out. */
const lateArguments = [
  call(0, "", "call_0"),
  call(1, '{"tz":"UTC"}', "call_1"),
  call(0, '{"x":10}'),
];

function config(): Json {
  return {
    models: {
      providers: {
        raw: customProvider([{ id: "tools-model", name: "Tools Model", input: ["text"] }], {
          baseUrl: upstreamUrl,
          apiKey: "raw-upstream-key-0001",
        }),
      },
    },
    agents: { defaults: { model: { primary: "raw/tools-model" } } },
    gateway: { auth: { mode: "token", token: GATEWAY_TOKEN } },
  };
}

const tools = [
  { type: "function", function: { name: "get_time", parameters: { type: "object" } } },
];

describe("tool-call arguments left out of an answer are said, not silent", () => {
  it("the gateway logs one line per request: model, request, trace, call, characters; no content", async () => {
    const dir = tempDir("h6-dropped-");
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config()));
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_HOME: dir,
      NO_COLOR: "1",
    });
    scripts.push(twoValues, lateArguments);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "raw/tools-model",
          stream: true,
          tools,
          messages: [{ role: "user", content: "What time is it?" }],
        }),
      });
      const body = await response.text();
      expect(response.status).toBe(200);
      expect(body).not.toContain('\\"b\\":2');
      expect(body).not.toContain('\\"x\\":10');
    }
    const lines = () =>
      gateway
        .stderr()
        .split("\n")
        .filter((line) => line.includes("after they were complete"));
    await eventually(() => lines().length >= 2, 5000, "two dropped-data lines");
    expect(lines()).toHaveLength(2);
    expect(lines()[0]).toMatch(
      new RegExp(
        `^gateway: raw/tools-model: request \\S+, trace ${TRACE}: the upstream sent more arguments for tool calls after they were complete, left out of the answer: call_a \\(index 0\\): 7 characters$`,
      ),
    );
    expect(lines()[1]).toContain(": call_0 (index 0): 8 characters");
    expect(gateway.stderr()).not.toContain('"b":2');
    expect(gateway.stderr()).not.toContain('"x":10');
  });

  it("the library's run result and done event carry droppedToolCallData", async () => {
    const { runtime } = openRuntime({ config: config(), env: { OPENCLAW_STATE_DIR: tempDir() } });
    scripts.push(twoValues);
    let result: RunResult | undefined;
    let done: unknown;
    for await (const event of runtime.stream({
      request: {
        messages: [{ role: "user", content: "What time is it?" }],
        tools: [
          { type: "function", function: { name: "get_time", parameters: { type: "object" } } },
        ],
      },
    })) {
      if (event.type === "done") done = event;
      if (event.type === "result") result = event.result;
    }
    expect(result?.message.tool_calls?.[0]?.function.arguments).toBe('{"a":1}');
    expect(result?.droppedToolCallData).toEqual([{ index: 0, id: "call_a", characters: 7 }]);
    expect(done).toMatchObject({
      droppedToolCallData: [{ index: 0, id: "call_a", characters: 7 }],
    });

    scripts.push(lateArguments);
    const late = await runtime.relay(
      { request: { messages: [{ role: "user", content: "again" }] } },
      () => {},
    );
    expect(late.droppedToolCallData).toEqual([{ index: 0, id: "call_0", characters: 8 }]);

    scripts.push([call(0, '{"a":1}', "call_whole")]);
    const whole = await runtime.relay(
      { request: { messages: [{ role: "user", content: "x" }] } },
      () => {},
    );
    expect(whole).not.toHaveProperty("droppedToolCallData");
  });
});
