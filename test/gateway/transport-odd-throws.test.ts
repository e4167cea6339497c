/**
 * A program's own transport (`startGateway({ transports })`) may throw anything: a revoked Proxy,
 * an Error whose `message` getter throws, an object with no prototype, a Symbol. Before, asking
 * such a value `instanceof` or `String()` of it made the runtime throw its own TypeError: the
 * client got a 500 'internal gateway error' and the log 'internal error in chatcmpl-…' with our
 * stack. Now each is a failure of that transport like any other: a 502 naming the transport and
 * what it threw, in printable words, no stack in the log, a ledger row, and the gateway serves on.
 * A hook (`onRequestFinished`) throwing such a value is said by name as any throwing hook is.
 * Real gateway, real sockets, the official openai client.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway, type Transport } from "../../src/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { tempDir } from "../helpers/tmp.js";

/** The odd values, each with the words the client is to read for it. */
const ODD: { name: string; make: () => unknown; said: string }[] = [
  {
    name: "a revoked Proxy",
    make: () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
    said: "its openai-completions transport threw a revoked Proxy",
  },
  {
    name: "an Error whose message getter throws",
    make: () =>
      Object.defineProperty(new Error("unseen"), "message", {
        get() {
          throw new Error("message getter broke");
        },
      }),
    said: "its openai-completions transport threw Error (its message could not be read)",
  },
  {
    name: "an object with no prototype",
    make: () => Object.assign(Object.create(null), { message: "no proto here" }),
    said: "its openai-completions transport threw an object with no prototype: no proto here",
  },
  {
    name: "a Symbol with a control character in its description",
    make: () => Symbol("bad\u001b[31mred"),
    said: "its openai-completions transport threw Symbol(bad\\u001b[31mred)",
  },
];

// What escaped the gateway to the process (nothing is to).
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);
let gateway: RunningGateway;
let throwing: () => unknown = () => new Error("unset");
const lines: string[] = [];

beforeAll(async () => {
  process.on("uncaughtException", onEscape);
  process.on("unhandledRejection", onEscape);
  const dir = tempDir("odd-throw-");
  writeFileSync(
    join(dir, "openclaw.json"),
    JSON.stringify({
      models: {
        mode: "replace",
        providers: {
          // Never called: the program's transport answers for openai-completions.
          moonshot: customProvider(
            [{ id: "kimi-k2.5", name: "Kimi K2.5", reasoning: false, input: ["text"] }],
            { apiKey: "sk-odd-000000000000" },
          ),
        },
      },
      gateway: { auth: { mode: "none" } },
    }),
  );
  const transport: Transport = {
    api: "openai-completions",
    // biome-ignore lint/correctness/useYield: it fails before its first event
    async *stream() {
      throw throwing();
    },
  };
  gateway = await startGateway({
    port: 0,
    watch: false,
    env: { OPENCLAW_STATE_DIR: dir },
    transports: { "openai-completions": transport },
    // One try each: a network failure's retries would only wait.
    retry: { maxAttempts: 1 },
    log: (line) => lines.push(line),
    // A hook of the program's that throws an odd value is said by name too.
    onRequestFinished: () => {
      throw ODD[0]?.make();
    },
  });
});
afterAll(async () => {
  await gateway?.close(1000);
  process.off("uncaughtException", onEscape);
  process.off("unhandledRejection", onEscape);
});

/** What the client's request failed with: status and message (a stream's error too). */
async function failure(stream: boolean): Promise<{ status: unknown; message: string }> {
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "unused", maxRetries: 0 });
  const body = {
    model: "moonshot/kimi-k2.5",
    messages: [{ role: "user" as const, content: "hi" }],
  };
  try {
    if (stream) {
      for await (const _chunk of await client.chat.completions.create({ ...body, stream })) {
        // drained for its error
      }
    } else await client.chat.completions.create(body);
  } catch (error) {
    return { status: (error as { status?: unknown }).status, message: (error as Error).message };
  }
  throw new Error("the request did not fail");
}

describe("a program's transport that throws an odd value, through startGateway", () => {
  it("answers 502 naming the transport and what it threw, logs no stack, writes a ledger row", async () => {
    let requests = 0;
    for (const odd of ODD) {
      for (const stream of [false, true]) {
        throwing = odd.make;
        const got = await failure(stream);
        requests++;
        expect({ odd: odd.name, stream, ...got }).toEqual({
          odd: odd.name,
          stream,
          status: 502,
          message: `502 request to moonshot/kimi-k2.5 failed: ${odd.said}`,
        });
      }
    }
    const log = lines.join("\n");
    expect(log).not.toContain("internal error");
    expect(log).toContain(
      "gateway: the onRequestFinished function given to startGateway threw: a revoked Proxy; the gateway went on without it",
    );
    expect(log).not.toMatch(/\n\s+at /);
    expect(escaped).toEqual([]);
    // Still serving.
    expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(200);
    await gateway.ledger?.flush();
    const db = new Database(gateway.ledgerPath ?? "", { readonly: true });
    try {
      const statuses = db
        .prepare<[], { status: number }>("SELECT status FROM requests ORDER BY id")
        .all()
        .map((row) => row.status);
      expect(statuses).toEqual(Array.from({ length: requests }, () => 502));
    } finally {
      db.close();
    }
  });
});
