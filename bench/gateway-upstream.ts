/**
 * A minimal OpenAI-compatible upstream for the gateway benchmark: answers every chat request at
 * once (a fixed completion, or a short SSE stream), so what the benchmark measures is the cost of
 * whatever sits in front of it. Run as its own process; prints `port=<n>` when ready.
 *
 * It speaks just enough HTTP/1.1 over a plain TCP socket (keep-alive, pipelining, bodies sized by
 * content-length or chunked) and writes each answer as one prepared buffer. On a two-core machine
 * the upstream shares the CPU with the gateway under test, so its own cost is taken from the
 * gateway's: node:http costs about 31 µs of CPU per request here, this about 16 µs. It is a
 * stand-in for a remote API, not a general server: a chunked body is taken to end at the first
 * `\r\n0\r\n\r\n`, which JSON (no raw line breaks) never contains.
 */
import { createServer, type Socket } from "node:net";

const COMPLETION = JSON.stringify({
  id: "chatcmpl-upstream",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "echo",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "Hello from the upstream." },
      finish_reason: "stop",
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 },
});

function chunk(delta: string, finish: string | null, usage?: string): string {
  const tail = usage ? `,"usage":${usage}` : "";
  return `data: {"id":"chatcmpl-upstream","object":"chat.completion.chunk","created":1700000000,"model":"echo","choices":[{"index":0,"delta":${delta},"finish_reason":${finish}}]${tail}}\n\n`;
}

const STREAM = [
  chunk('{"role":"assistant","content":""}', null),
  chunk('{"content":"Hello"}', null),
  chunk('{"content":" from the"}', null),
  chunk('{"content":" upstream."}', null),
  chunk("{}", '"stop"', '{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}'),
  "data: [DONE]\n\n",
].join("");

const MODELS = JSON.stringify({
  object: "list",
  data: [{ id: "echo", object: "model", owned_by: "bench" }],
});

function sized(contentType: string, body: string): Buffer {
  return Buffer.from(
    `HTTP/1.1 200 OK\r\ncontent-type: ${contentType}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-trace-id: bench-trace\r\nconnection: keep-alive\r\n\r\n${body}`,
  );
}

/** SSE goes out chunked, as the real APIs send it: the whole stream as one chunk. */
function chunked(contentType: string, body: string): Buffer {
  return Buffer.from(
    `HTTP/1.1 200 OK\r\ncontent-type: ${contentType}\r\ntransfer-encoding: chunked\r\nx-trace-id: bench-trace\r\nconnection: keep-alive\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`,
  );
}

const ANSWER_JSON = sized("application/json", COMPLETION);
const ANSWER_STREAM = chunked("text/event-stream", STREAM);
const ANSWER_MODELS = sized("application/json", MODELS);
const BAD_REQUEST = Buffer.from(
  "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
);

const HEAD_END = Buffer.from("\r\n\r\n");
const CHUNKED_END = Buffer.from("\r\n0\r\n\r\n");
const STREAM_TRUE = Buffer.from('"stream":true');
const MAX_HEAD = 64 * 1024;

/** The answer to the request at the start of `data`, and where that request ends; or undefined. */
function nextRequest(data: Buffer): { answer: Buffer; end: number } | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) {
    if (data.length > MAX_HEAD) return { answer: BAD_REQUEST, end: -1 };
    return undefined;
  }
  const head = data.toString("latin1", 0, headEnd).toLowerCase();
  const bodyStart = headEnd + 4;
  let bodyEnd = bodyStart;
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) {
    bodyEnd = bodyStart + Number(length[1]);
    if (data.length < bodyEnd) return undefined;
  } else if (/\r\ntransfer-encoding:\s*chunked/.test(head)) {
    const last = data.indexOf(CHUNKED_END, bodyStart - 2);
    if (last < 0) return undefined;
    bodyEnd = last + CHUNKED_END.length;
  }
  const firstLine = head.slice(0, head.indexOf("\r\n"));
  if (firstLine.includes("/models")) return { answer: ANSWER_MODELS, end: bodyEnd };
  const stream = data.subarray(bodyStart, bodyEnd).includes(STREAM_TRUE);
  return { answer: stream ? ANSWER_STREAM : ANSWER_JSON, end: bodyEnd };
}

function serve(socket: Socket): void {
  let pending: Buffer | undefined;
  socket.on("data", (data: Buffer) => {
    let rest = pending ? Buffer.concat([pending, data]) : data;
    pending = undefined;
    const answers: Buffer[] = [];
    for (;;) {
      const request = nextRequest(rest);
      if (!request) break;
      answers.push(request.answer);
      if (request.end < 0) {
        socket.end(Buffer.concat(answers));
        return;
      }
      rest = rest.subarray(request.end);
      if (rest.length === 0) break;
    }
    if (rest.length > 0) pending = rest;
    if (answers.length === 1) socket.write(answers[0] as Buffer);
    else if (answers.length > 1) socket.write(Buffer.concat(answers));
  });
  socket.on("error", () => socket.destroy());
}

const server = createServer({ noDelay: true }, serve);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`port=${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
