/**
 * SSE parsing cost: a generated 10 MB Moonshot-style stream (reasoning, text, tool-call deltas,
 * usage in `choices[0].usage`), fed in 16 KB pieces like socket reads, through our
 * `parseChatStream` and through the official `openai` package's `Stream.fromSSEResponse`.
 * Both decode SSE and JSON-parse every chunk; ours also assembles the final message.
 *
 *   npx tsc -p tsconfig.bench.json && node .bench-build/bench/sse-parse.js
 */
import { Stream } from "openai/core/streaming";
import { parseChatStream } from "../src/providers/index.js";
import { medianMs, printTable } from "./table.js";

const TARGET_BYTES = 10 * 1024 * 1024;
const PIECE_BYTES = 16 * 1024;
const RUNS = 5;

function generateStream(): { bytes: Uint8Array; dataEvents: number } {
  const parts: string[] = [];
  let size = 0;
  let events = 0;
  const base = {
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1767225600,
    model: "kimi-k2-thinking",
  };
  const push = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}): void => {
    const line = `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: null, ...extra }] })}\n\n`;
    parts.push(line);
    size += line.length;
    events += 1;
  };
  push({ role: "assistant", content: "" });
  let i = 0;
  let calls = 0;
  while (size < TARGET_BYTES - 4096) {
    if (i % 3 === 0) push({ reasoning_content: `step ${i}: weigh the options, 考虑一下 ` });
    else push({ content: `token ${i} of the answer, 回答 ` });
    if (i % 5000 === 4999) {
      push({
        tool_calls: [
          {
            index: calls,
            id: `functions.lookup:${calls}`,
            type: "function",
            function: { name: "lookup", arguments: "" },
          },
        ],
      });
      push({
        tool_calls: [{ index: calls, function: { arguments: `{"query":"item ${calls}"}` } }],
      });
      calls += 1;
    }
    i += 1;
  }
  const usage = {
    prompt_tokens: 1000,
    completion_tokens: i,
    total_tokens: 1000 + i,
    cached_tokens: 800,
  };
  push({}, { finish_reason: "stop", usage });
  parts.push("data: [DONE]\n\n");
  return { bytes: new TextEncoder().encode(parts.join("")), dataEvents: events };
}

function* pieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += PIECE_BYTES) {
    yield bytes.subarray(offset, offset + PIECE_BYTES);
  }
}

async function* asyncPieces(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield* pieces(bytes);
}

async function runOurs(bytes: Uint8Array): Promise<number> {
  let count = 0;
  for await (const _event of parseChatStream(asyncPieces(bytes))) count += 1;
  return count;
}

async function runOpenAI(bytes: Uint8Array): Promise<number> {
  const iterator = pieces(bytes);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  const stream = Stream.fromSSEResponse<unknown>(new Response(body), new AbortController());
  let count = 0;
  for await (const _chunk of stream) count += 1;
  return count;
}

/** Median time of `RUNS` runs after one warm-up, and the event count of the last run. */
async function timed(run: () => Promise<number>): Promise<{ ms: number; events: number }> {
  let events = 0;
  const ms = await medianMs(
    async () => {
      events = await run();
    },
    RUNS,
    1,
  );
  return { ms, events };
}

const { bytes, dataEvents } = generateStream();
const mb = bytes.length / (1024 * 1024);
const ours = await timed(() => runOurs(bytes));
const openai = await timed(() => runOpenAI(bytes));
const perSecond = (ms: number) => (dataEvents / ms) * 1000;

printTable(
  `SSE parse: ${mb.toFixed(1)} MB, ${dataEvents.toLocaleString("en-US")} data events, ${PIECE_BYTES / 1024} KB pieces, median of ${RUNS}`,
  ["parser", "ms", "MB/s", "data events/s", "typed events out", "vs openai"],
  [
    [
      "ours (parseChatStream)",
      ours.ms,
      mb / (ours.ms / 1000),
      perSecond(ours.ms),
      ours.events,
      `${(openai.ms / ours.ms).toFixed(2)}x`,
    ],
    [
      "openai Stream.fromSSEResponse",
      openai.ms,
      mb / (openai.ms / 1000),
      perSecond(openai.ms),
      openai.events,
      "1.00x",
    ],
  ],
);
process.stdout.write(
  "\n'vs openai' is speed relative to the openai package (higher is faster). openai yields raw chunks;\nours yields typed events and assembles tool calls, usage and the final message.\n",
);
