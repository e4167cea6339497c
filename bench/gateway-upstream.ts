/**
 * A minimal OpenAI-compatible upstream for the gateway benchmark: answers every chat request at
 * once (a fixed completion, or a short SSE stream), so what the benchmark measures is the cost of
 * whatever sits in front of it. Run as its own process; prints `port=<n>` when ready.
 */
import { createServer } from "node:http";

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

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (data: Buffer) => chunks.push(data));
  req.on("end", () => {
    if (req.url?.endsWith("/models")) {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(MODELS),
      });
      res.end(MODELS);
      return;
    }
    // Stream when asked; a cheap substring test keeps the upstream's own cost negligible.
    const stream = Buffer.concat(chunks).includes('"stream":true');
    if (stream) {
      res.writeHead(200, { "content-type": "text/event-stream", "x-trace-id": "bench-trace" });
      res.end(STREAM);
    } else {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(COMPLETION),
        "x-trace-id": "bench-trace",
      });
      res.end(COMPLETION);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`port=${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
