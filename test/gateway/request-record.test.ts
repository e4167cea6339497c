import { describe, expect, it, vi } from "vitest";
import { ledgerRowOf, recordResult, startRecord } from "../../src/gateway/request-record.js";
import type { RunResult } from "../../src/runtime/types.js";

describe("a request's record and its ledger row", () => {
  it("gives every request its own id and the time it arrived", () => {
    const arrived = Date.parse("2026-03-01T12:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: arrived });
    try {
      const a = startRecord("chat_completions", "127.0.0.1");
      const b = startRecord("responses", "10.0.0.2");
      expect(a.requestId).toMatch(/^chatcmpl-[0-9a-f]{12}[0-9a-z]+$/);
      expect(b.requestId).not.toBe(a.requestId);
      expect(a.ts).toBe(arrived);
    } finally {
      vi.useRealTimers();
    }
  });

  it("turns a finished run into the row: model, fallback, tokens, cost, trace id", () => {
    const record = startRecord("responses", "app-7");
    record.modelRequested = "openclaw";
    record.stream = true;
    record.ttftMs = 12;
    const result = {
      model: "kimi-code/kimi-for-coding",
      traceId: "trace-9",
      usage: { promptTokens: 100, completionTokens: 20, cachedTokens: 64 },
      cost: { total: 0.0021 },
      fallbackFrom: "moonshot/kimi-k2.5",
      failedAttempts: [],
    } as unknown as RunResult;
    recordResult(record, result);
    expect(ledgerRowOf(record, 840)).toMatchObject({
      client: "app-7",
      api: "responses",
      modelRequested: "openclaw",
      modelUsed: "kimi-code/kimi-for-coding",
      fallbackFrom: "moonshot/kimi-k2.5",
      traceId: "trace-9",
      promptTokens: 100,
      completionTokens: 20,
      cachedTokens: 64,
      costUsd: 0.0021,
      latencyMs: 840,
      ttftMs: 12,
      stream: true,
      status: 200,
      outcome: "ok",
    });
  });

  it("names the outcome: an error, or a client that went away", () => {
    const failed = startRecord("chat_completions", "x");
    failed.status = 429;
    failed.errorClass = "rate_limit";
    expect(ledgerRowOf(failed, 5)).toMatchObject({
      outcome: "error",
      errorClass: "rate_limit",
      status: 429,
      promptTokens: 0,
    });
    const gone = startRecord("chat_completions", "x");
    gone.errorClass = "client_disconnect";
    expect(ledgerRowOf(gone, 5).outcome).toBe("client_disconnect");
  });
});
