/**
 * A streamed answer whose client stopped reading pauses its upstream until the socket drains. When
 * the request was already cancelled by the time the relay asks to wait, the wait must end at once
 * as a disconnect — not sit until the client reads or the slow-client limit passes (which kept the
 * upstream open that long and could record a cancelled request as a slow client).
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { GatewayHttpError } from "../../src/gateway/http-error.js";
import { createSseOutput, type SseOutput } from "../../src/gateway/sse-output.js";
import { Cancellation } from "../../src/util/cancellation.js";

/** Far above any test's run: a wait that reaches it has not ended on its own. */
const STALL_MS = 600_000;
const BIG = "x".repeat(8 * 1024 * 1024);

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

let server: Server | undefined;
let client: Socket | undefined;

afterEach(async () => {
  client?.destroy();
  client = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A real server whose one client sends a request and never reads the answer. */
async function stalledStream(): Promise<{ res: ServerResponse; output: SseOutput }> {
  const answered = new Promise<ServerResponse>((resolve) => {
    server = createServer((_req, res) => resolve(res));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server?.address();
  if (!address || typeof address === "string") throw new Error("no port");
  client = connect(address.port, "127.0.0.1");
  client.pause();
  client.write("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
  const res = await answered;
  const output = createSseOutput({
    res,
    record: { started: performance.now(), ttftMs: undefined },
    opening: () => "",
    headers: () => ({ "content-type": "text/event-stream" }),
    writeStallMs: STALL_MS,
  });
  output.push(BIG);
  await nextTurn();
  return { res, output };
}

/** How the wait ends within a few turns of the event loop: rejected with what, or still waiting. */
async function settledSoon(wait: Promise<void>): Promise<unknown> {
  const outcome = wait.then(
    () => "drained",
    (error: unknown) => error,
  );
  let still = true;
  const waited = (async () => {
    for (let turn = 0; turn < 5 && still; turn++) await nextTurn();
    return "still waiting";
  })();
  const first = await Promise.race([outcome, waited]);
  still = false;
  return first;
}

describe("a streamed answer's wait for a full socket", () => {
  it("ends at once as a disconnect when the request was cancelled before the wait", async () => {
    const { res, output } = await stalledStream();
    expect(res.writableNeedDrain).toBe(true);
    const cancel = new Cancellation();
    cancel.abort();
    const wait = output.drained(cancel);
    expect(wait).toBeDefined();
    const outcome = await settledSoon(wait as Promise<void>);
    expect(outcome).toBeInstanceOf(GatewayHttpError);
    expect((outcome as GatewayHttpError).message).toBe("client disconnected");
    res.destroy();
  });

  it("still waits for the client to read while it is there and nothing was cancelled", async () => {
    const { res, output } = await stalledStream();
    const wait = output.drained(new Cancellation());
    expect(wait).toBeDefined();
    expect(await settledSoon(wait as Promise<void>)).toBe("still waiting");
    client?.resume();
    await expect(wait).resolves.toBeUndefined();
    res.destroy();
  });
});
