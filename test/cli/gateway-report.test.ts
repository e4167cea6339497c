import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  fitRequestLine,
  fitRouteRefusedLine,
  formatRequestLine,
  formatRouteRefusedLine,
  jsonReporter,
} from "../../src/cli/commands/gateway-report.js";
import { displayWidth } from "../../src/cli/display-width.js";
import type { LedgerRow } from "../../src/gateway/ledger.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { overWide } from "../helpers/over-wide.js";

// The line prints local time: UTC here, to compare with the rows' UTC times.
process.env.TZ = "UTC";

const base: LedgerRow = ledgerRow({
  ts: Date.UTC(2026, 10, 30, 12, 0, 1),
  requestId: "chatcmpl-oc1a2b",
  traceId: "trace-77",
  modelRequested: "openclaw",
  modelUsed: "kimi-code/kimi-for-coding",
  fallbackFrom: "moonshot/kimi-k2.5",
  stream: true,
  promptTokens: 1204,
  completionTokens: 312,
  cachedTokens: 1024,
  costUsd: 0.00213,
  latencyMs: 842.4,
  ttftMs: 210.2,
  api: "responses",
});

describe("the --log-requests line", () => {
  it("says when, what was asked and what answered, how long, how much, and how to trace it", () => {
    expect(formatRequestLine(base)).toBe(
      "12:00:01  200  openclaw → kimi-code/kimi-for-coding (fallback)  842 ms (first token 210 ms)  1,204 + 312 tokens, 1,024 cached  $0.0021  responses  stream  127.0.0.1  chatcmpl-oc1a2b  trace trace-77",
    );
    expect(formatRequestLine({ ...base, api: "chat_completions", stream: false })).toContain(
      "$0.0021  chat_completions  127.0.0.1",
    );
    // Moonshot bills each web search beside the tokens: counted when there were any.
    expect(formatRequestLine({ ...base, webSearches: 2 })).toContain(
      "$0.0021  2 web searches  responses",
    );
    expect(formatRequestLine({ ...base, webSearches: 1 })).toContain(
      "$0.0021  1 web search  responses",
    );
  });

  it("shows a failure's status and error class, and leaves out what did not happen", () => {
    // The helper's defaults are a bare request: no tokens, cost, stream or trace; and a row from
    // before the ledger recorded the API does not claim one.
    const failed = ledgerRow({
      api: undefined,
      ts: base.ts,
      requestId: base.requestId,
      modelRequested: "moonshot/kimi-k2.5",
      modelUsed: "moonshot/kimi-k2.5",
      latencyMs: 3.2,
      status: 502,
      outcome: "error",
      errorClass: "upstream.auth",
    });
    const painted = formatRequestLine(failed, (status, text) => `<${status}>${text}`);
    expect(painted).toBe(
      "12:00:01  <502>502  moonshot/kimi-k2.5  3.2 ms  127.0.0.1  chatcmpl-oc1a2b  upstream.auth",
    );
  });

  it("shows a client's control characters as escapes instead of passing them to the terminal", () => {
    const hostile: LedgerRow = {
      ...base,
      modelRequested: "evil\u001b[31mRED\nforged line",
      modelUsed: undefined,
      fallbackFrom: undefined,
      client: "bob\r\u009b2J",
      traceId: "t\u0007",
    };
    const line = formatRequestLine(hostile);
    expect(line).toContain("evil\\u001b[31mRED\\nforged line");
    expect(line).toContain("bob\\u000d\\u009b2J");
    expect(line).toContain("trace t\\u0007");
    const controls = [...line].filter((char) => {
      const code = char.charCodeAt(0);
      return code < 0x20 || (code >= 0x7f && code <= 0x9f);
    });
    expect(controls).toEqual([]);
  });
});

describe("the --log-requests line on a terminal", () => {
  // A Moonshot-sized trace id (32 hex digits), a fallback, cached tokens and a first token: the
  // whole line is 228 columns.
  const full: LedgerRow = { ...base, traceId: "7f3c9a1e5b2d4c8f9a0b1c2d3e4f5a6b" };
  const failed = ledgerRow({
    ts: base.ts,
    requestId: base.requestId,
    traceId: "sim-ai-4",
    modelRequested: "moonshot/kimi-k2-turbo-preview",
    modelUsed: "moonshot/kimi-k2-turbo-preview",
    latencyMs: 28,
    status: 400,
    outcome: "error",
    errorClass: "upstream.context_length",
  });

  it("is the whole line when it fits, and at an unlimited width (a file, a pipe)", () => {
    expect(fitRequestLine(full, Number.POSITIVE_INFINITY)).toBe(formatRequestLine(full));
    expect(fitRequestLine(full, 400)).toBe(formatRequestLine(full));
    expect(fitRequestLine(failed, 200)).toBe(formatRequestLine(failed));
  });

  it("leaves out the least needed first, and keeps time, status, model, latency, tokens, cost", () => {
    expect(fitRequestLine(full, 120)).toBe(
      "12:00:01  200  → kimi-code/kimi-for-coding  842 ms  1,204 + 312 tokens  $0.0021  trace 7f3c9a1e5b2d4c8f9a0b1c2d3e4f5a6b",
    );
    // The trace id does not fit: left out alone, the model asked and `(fallback)` do.
    expect(fitRequestLine(full, 100)).toBe(
      "12:00:01  200  openclaw → kimi-code/kimi-for-coding (fallback)  842 ms  1,204 + 312 tokens  $0.0021",
    );
    expect(fitRequestLine(full, 80)).toBe(
      "12:00:01  200  → kimi-code/kimi-for-coding  842 ms  1,204 + 312 tokens  $0.0021",
    );
    const plain = {
      ...full,
      modelRequested: "moonshot/kimi-k2.5",
      modelUsed: "moonshot/kimi-k2.5",
    };
    expect(fitRequestLine({ ...plain, fallbackFrom: undefined, traceId: "sim-ai-3" }, 120)).toBe(
      "12:00:01  200  moonshot/kimi-k2.5  842 ms  1,204 + 312 tokens, 1,024 cached  $0.0021  trace sim-ai-3",
    );
    // The provider goes last of the model: `kimi-k2.5` answered.
    expect(fitRequestLine({ ...plain, fallbackFrom: undefined }, 60)).toBe(
      "12:00:01  200  kimi-k2.5  842 ms  1,204 + 312  $0.0021",
    );
    // An estimate keeps its `~` when `(estimated)` goes.
    expect(fitRequestLine({ ...plain, fallbackFrom: undefined, estimated: true }, 60)).toBe(
      "12:00:01  200  kimi-k2.5  842 ms  ~1,204 + ~312  ~$0.0021",
    );
  });

  it("keeps a failure's error class, and its trace id before the rest", () => {
    expect(fitRequestLine(failed, 100)).toBe(
      "12:00:01  400  moonshot/kimi-k2-turbo-preview  28 ms  trace sim-ai-4  upstream.context_length",
    );
    // Without room for the trace id even with the model cut short, the provider stays, and the
    // trace id goes on a line of its own under the model.
    expect(fitRequestLine(failed, 80)).toBe(
      "12:00:01  400  moonshot/kimi-k2-turbo-preview  28 ms  upstream.context_length\n               trace sim-ai-4",
    );
    expect(fitRequestLine(failed, 70)).toBe(
      "12:00:01  400  kimi-k2-turbo-preview  28 ms  upstream.context_length\n               trace sim-ai-4",
    );
    // Too narrow for the model whole: it is cut, the error class and the trace id are not.
    expect(fitRequestLine(failed, 60)).toBe(
      "12:00:01  400  kimi-k2-turb…  28 ms  upstream.context_length\n               trace sim-ai-4",
    );
  });

  it("gives a failure's trace id of 32 characters whole at 80 columns, under the line", () => {
    const trace = "0b8e2d4f6a1c3e5b7d9f0a2c4e6b8d1f";
    const lines = fitRequestLine({ ...failed, traceId: trace }, 80).split("\n");
    expect(lines).toEqual([
      "12:00:01  400  moonshot/kimi-k2-turbo-preview  28 ms  upstream.context_length",
      `               trace ${trace}`,
    ]);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it("never runs past the width, colour and a client's long model name included", () => {
    const paint = (_status: number, text: string) => `\u001b[32m${text}\u001b[39m`;
    const long = { ...full, modelRequested: "x".repeat(300), modelUsed: undefined };
    for (const row of [full, failed, long])
      for (let width = 20; width <= 240; width++) {
        const line = fitRequestLine(row, width, paint);
        for (const part of line.split("\n"))
          expect(displayWidth(part), `${width}: ${line}`).toBeLessThanOrEqual(width);
        expect(line.startsWith("12:00:01  "), line).toBe(true);
      }
    // The status keeps its colour while the line is fitted.
    expect(fitRequestLine(full, 80, paint)).toContain("\u001b[32m200\u001b[39m");
    expect(fitRequestLine(long, 60)).toBe(
      "12:00:01  200  xxxxxxxxxxxxxx…  842 ms  1,204 + 312  $0.0021",
    );
  });
});

describe("the guide's --log-requests lines at 80 and 60 columns", () => {
  it("are the lines the gateway prints for those requests", () => {
    const guide = readFileSync(join(import.meta.dirname, "../../docs/guide.md"), "utf8");
    const block = [...guide.matchAll(/^```\n([\s\S]*?)\n```$/gm)]
      .map((match) => match[1] ?? "")
      .find((text) => text.startsWith("12:00:01  200  moonshot/kimi-k2.5  842 ms  1,204 + 312"));
    const at = (second: number) => Date.UTC(2026, 10, 30, 12, 0, second);
    const rows = [
      ledgerRow({
        ts: at(1),
        traceId: "7f3c9a1e5b2d4c8f9a0b1c2d3e4f5a6b",
        modelRequested: "moonshot/kimi-k2.5",
        modelUsed: "moonshot/kimi-k2.5",
        stream: true,
        promptTokens: 1204,
        completionTokens: 312,
        cachedTokens: 1024,
        costUsd: 0.00213,
        latencyMs: 842.4,
        ttftMs: 210.2,
      }),
      ledgerRow({
        ts: at(2),
        traceId: "0b8e2d4f6a1c3e5b7d9f0a2c4e6b8d1f",
        modelRequested: "moonshot/kimi-k2-turbo-preview",
        modelUsed: "moonshot/kimi-k2-turbo-preview",
        latencyMs: 28,
        status: 400,
        outcome: "error",
        errorClass: "upstream.context_length",
      }),
      ledgerRow({
        ts: at(3),
        traceId: "5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b",
        modelRequested: "openclaw",
        modelUsed: "kimi-code/kimi-for-coding",
        fallbackFrom: "moonshot/kimi-k2.5",
        stream: true,
        promptTokens: 1180,
        completionTokens: 264,
        latencyMs: 1113,
        ttftMs: 402,
      }),
    ];
    const printed = [80, 60].map((width) => rows.map((row) => fitRequestLine(row, width)));
    expect(block).toBe(printed.map((lines) => lines.join("\n")).join("\n\n"));
  });
});

describe("the --json request event", () => {
  const eventOf = (row: LedgerRow) => {
    const lines: string[] = [];
    jsonReporter((line) => lines.push(line)).request(row);
    return JSON.parse(lines[0] ?? "") as Record<string, unknown>;
  };

  it("carries the ledger row's fields and the provider of the model that answered", () => {
    expect(eventOf(base)).toMatchObject({
      event: "request",
      status: 200,
      modelRequested: "openclaw",
      modelUsed: "kimi-code/kimi-for-coding",
      provider: "kimi-code",
      fallbackFrom: "moonshot/kimi-k2.5",
      promptTokens: 1204,
      traceId: "trace-77",
      api: "responses",
      errorClass: null,
    });
  });

  it("has every field on every request, null when unknown: the keys of usage --last --json", () => {
    const refused = eventOf(
      ledgerRow({
        modelRequested: "gpt-4o",
        status: 404,
        outcome: "error",
        errorClass: "not_found",
      }),
    );
    expect(refused).toMatchObject({
      modelUsed: null,
      provider: null,
      fallbackFrom: null,
      traceId: null,
      ttftMs: null,
      retries: null,
      errorClass: "not_found",
    });
    const answered = eventOf({ ...base, retries: 1 });
    expect(Object.keys(refused)).toEqual(Object.keys(answered));
    // usage --last --json's keys (test/cli/usage.test.ts), with `event` beside them.
    expect(Object.keys(answered).sort()).toEqual(
      [
        "api",
        "cachedTokens",
        "client",
        "completionTokens",
        "costUsd",
        "errorClass",
        "estimated",
        "event",
        "fallbackFrom",
        "fellThrough",
        "latencyMs",
        "modelRequested",
        "modelUsed",
        "outcome",
        "promptTokens",
        "provider",
        "requestId",
        "retries",
        "status",
        "stream",
        "time",
        "traceId",
        "ts",
        "ttftMs",
        "webSearches",
      ].sort(),
    );
  });
});

describe("the --json token_created event", () => {
  it("names the .bak when saving the token rewrote a hand-written config, else null", () => {
    const lines: string[] = [];
    const report = jsonReporter((line) => lines.push(line));
    report.tokenCreated("ocg_test_token_0001", "/state/openclaw.json", "/state/openclaw.json.bak");
    report.tokenCreated("ocg_test_token_0002", "/state/openclaw.json");
    const [rewritten, kept] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rewritten).toMatchObject({
      event: "token_created",
      savedIn: "/state/openclaw.json",
      backup: "/state/openclaw.json.bak",
    });
    expect(kept).toMatchObject({ event: "token_created", backup: null });
  });

  it("never holds the token: its masked form and the command that prints it instead", () => {
    const lines: string[] = [];
    const token = "ocg_Zq8xWv3Lm0Np7Rt2Yu5Io9Pa4Sd6Fg1Hj";
    jsonReporter((line) => lines.push(line)).tokenCreated(token, "/state/openclaw.json");
    // JSON lines go to a supervisor's log or a file: the secret would stay there.
    expect(lines.join("")).not.toContain(token);
    expect(lines.join("")).not.toContain(token.slice(4, -4));
    const { time: _time, ...event } = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(event).toEqual({
      event: "token_created",
      savedIn: "/state/openclaw.json",
      backup: null,
      masked: "ocg_…g1Hj",
      // Not the config a plain shell reads: the command names the file.
      reveal:
        "OPENCLAW_CONFIG_PATH=/state/openclaw.json openclaw config get gateway.auth.token --reveal",
    });
  });
});

describe("the --json stopped_now event", () => {
  it("has the same fields with or without a ledger: null where there is no ledger to speak of", () => {
    const lines: string[] = [];
    const report = jsonReporter((line) => lines.push(line));
    report.stoppedNow({ cancelled: 2, unwritten: 0 }, true);
    report.stoppedNow({ cancelled: 1, unwritten: 3 }, true);
    report.stoppedNow(undefined, true);
    // gateway.ledger.enabled: false (the `listening` event said `ledger: null`).
    report.stoppedNow({ cancelled: 1, unwritten: 0 }, false);
    report.stoppedNow(undefined, false);
    const events = lines.map((line) => {
      const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
    expect(events).toEqual([
      { event: "stopped_now", cancelled: 2, unwritten: 0, ledgerWritten: true },
      { event: "stopped_now", cancelled: 1, unwritten: 3, ledgerWritten: false },
      { event: "stopped_now", cancelled: null, unwritten: null, ledgerWritten: false },
      { event: "stopped_now", cancelled: 1, unwritten: null, ledgerWritten: null },
      { event: "stopped_now", cancelled: null, unwritten: null, ledgerWritten: null },
    ]);
  });
});

describe("the --log-requests line of a path not served", () => {
  const first = {
    kind: "route" as const,
    ts: Date.UTC(2026, 10, 30, 12, 0, 1),
    method: "POST",
    path: "/v1/v1/chat/completions",
    status: 404,
    hint: "Does the client's base URL end in /v1 and the client add another /v1?",
    repeats: 0,
    since: undefined,
  };

  it("says when, the status, the method and path, and the hint the client was given", () => {
    expect(formatRouteRefusedLine(first)).toBe(
      "12:00:01  404  POST /v1/v1/chat/completions  no such route  Does the client's base URL end in /v1 and the client add another /v1?",
    );
    expect(formatRouteRefusedLine({ ...first, path: "/foo", hint: undefined })).toBe(
      "12:00:01  404  POST /foo  no such route",
    );
  });

  it("counts the repeats since its last line, and the paths past the minute's cap", () => {
    const later = { ...first, ts: first.ts + 60_000, repeats: 57, since: first.ts };
    expect(formatRouteRefusedLine(later)).toContain(
      "12:01:01  404  POST /v1/v1/chat/completions  no such route, refused 57 more times since 12:00:01  Does",
    );
    expect(
      formatRouteRefusedLine({
        kind: "others",
        ts: later.ts,
        requests: 37,
        paths: 12,
        since: first.ts,
      }),
    ).toBe(
      "12:01:01  404  37 more refused requests to 12 other unknown paths since 12:00:01, not logged one by one",
    );
  });

  it("is a route_refused event under --json, and the count a routes_refused_unlisted one", () => {
    const lines: string[] = [];
    const report = jsonReporter((line) => lines.push(line));
    report.routeRefused(first);
    report.routeRefused({ kind: "others", ts: first.ts, requests: 3, paths: 2, since: first.ts });
    const [refused, others] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(refused).toEqual({
      time: expect.any(String),
      event: "route_refused",
      method: "POST",
      path: "/v1/v1/chat/completions",
      status: 404,
      hint: first.hint,
      repeats: 0,
      since: null,
    });
    expect(others).toEqual({
      time: expect.any(String),
      event: "routes_refused_unlisted",
      requests: 3,
      paths: 2,
      since: first.ts,
    });
  });
  it("on a terminal, puts what does not fit beside the path on lines under it, the path whole", () => {
    const again = { ...first, ts: Date.UTC(2026, 10, 30, 12, 1, 1), repeats: 57, since: first.ts };
    expect(fitRouteRefusedLine(again, 80)).toBe(
      [
        "12:01:01  404  POST /v1/v1/chat/completions",
        "               no such route, refused 57 more times since 12:00:01",
        "               Does the client's base URL end in /v1 and the client add another",
        "               /v1?",
      ].join("\n"),
    );
    expect(fitRouteRefusedLine(first, 100)).toBe(
      [
        "12:00:01  404  POST /v1/v1/chat/completions  no such route",
        "               Does the client's base URL end in /v1 and the client add another /v1?",
      ].join("\n"),
    );
    // As the guide shows it.
    const guide = readFileSync(join(import.meta.dirname, "../../docs/guide.md"), "utf8");
    expect(guide).toContain(`\`\`\`\n${fitRouteRefusedLine(again, 80)}\n\`\`\`\n`);
    // A file or a pipe: the one line, as before.
    expect(fitRouteRefusedLine(again, Number.POSITIVE_INFINITY)).toBe(
      formatRouteRefusedLine(again),
    );
    const others = {
      kind: "others" as const,
      ts: Date.UTC(2026, 10, 30, 12, 1, 2),
      requests: 37,
      paths: 12,
      since: Date.UTC(2026, 10, 30, 12, 0, 2),
    };
    const long = { ...first, path: `/v1/${"deployments/".repeat(8)}chat/completions` };
    for (const refusal of [first, again, others, long])
      for (let width = 30; width <= 200; width++) {
        const lines = fitRouteRefusedLine(refusal, width);
        expect(overWide(lines, width), `${width}:\n${lines}`).toEqual([]);
        expect(lines.replace(/\s+/g, " ")).toBe(
          formatRouteRefusedLine(refusal).replace(/\s+/g, " "),
        );
      }
  });
});
