/**
 * A loopback OpenAI-compatible upstream that streams exactly the deltas each test scripts: each
 * chat request takes the next script (a request with none left gets a short text answer). For
 * answers no real API gives on purpose, such as tool-call arguments after the call was complete.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type Json = Record<string, unknown>;

export interface ScriptedUpstream {
  /** `http://127.0.0.1:<port>/v1`. */
  url: string;
  /** The deltas of the next answers, in order. */
  scripts: Json[][];
  /** The bodies of the chat requests received, parsed. */
  requests: Json[];
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = "";
  req.setEncoding("utf8");
  for await (const chunk of req) body += chunk as string;
  return body;
}

export async function startScriptedUpstream(
  model: string,
  traceId: string,
): Promise<ScriptedUpstream> {
  const scripts: Json[][] = [];
  const requests: Json[] = [];
  const server = createServer((req, res) => {
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: model, object: "model" }] }));
      return;
    }
    void bodyOf(req).then((body) => {
      requests.push(JSON.parse(body) as Json);
      const deltas = scripts.shift() ?? [{ content: "nothing scripted" }];
      const failure = deltas[0]?.upstreamError as { status: number; message: string } | undefined;
      if (failure) {
        res.writeHead(failure.status, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ error: { message: failure.message, type: "invalid_request_error" } }),
        );
        return;
      }
      const calls = deltas.some((delta) => "tool_calls" in delta);
      res.writeHead(200, { "content-type": "text/event-stream", "x-trace-id": traceId });
      const send = (choice: Json) =>
        res.write(
          `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model, choices: [{ index: 0, ...choice }] })}\n\n`,
        );
      for (const delta of deltas) send({ delta, finish_reason: null });
      send({ delta: {}, finish_reason: calls ? "tool_calls" : "stop" });
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    url,
    scripts,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/**
 * A tool-call delta: a call's head (its id and name) with its first arguments, or, without an
 * id, more arguments for the call at `index`.
 */
export function toolCallDelta(index: number, args: string, id?: string, name = "get_time"): Json {
  const fn = id ? { name, arguments: args } : { arguments: args };
  return { tool_calls: [{ index, ...(id ? { id, type: "function" } : {}), function: fn }] };
}

/** A script answering its request with an HTTP error instead of a stream. */
export function upstreamError(status: number, message: string): Json[] {
  return [{ upstreamError: { status, message } }];
}
