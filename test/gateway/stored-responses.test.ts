import { describe, expect, it } from "vitest";
import { GatewayHttpError } from "../../src/gateway/http-error.js";
import { ResponseHistory } from "../../src/gateway/response-history.js";
import { answerStoredResponse } from "../../src/gateway/stored-responses.js";

function historyWith(inputs: number): ResponseHistory {
  const history = new ResponseHistory({ maxEntries: 10, ttlMs: 60_000, maxChars: 1_000_000 });
  const input = Array.from({ length: inputs }, (_, i) => ({ id: `in_${i}`, type: "message" }));
  history.remember("resp_1", undefined, input, [{ id: "out_0", type: "message" }], {
    id: "resp_1",
    object: "response",
  });
  return history;
}

const list = (history: ResponseHistory, query: string) => {
  const answer = answerStoredResponse("GET", "resp_1/input_items", query, history);
  if (!("status" in answer)) throw new Error("expected a page");
  return JSON.parse(answer.body) as {
    data: { id: string }[];
    first_id: string | null;
    last_id: string | null;
    has_more: boolean;
  };
};

describe("stored responses", () => {
  it("lists a response's input items newest first by default, in pages", () => {
    const history = historyWith(5);
    const first = list(history, "limit=2");
    expect(first.data.map((item) => item.id)).toEqual(["in_4", "in_3"]);
    expect(first).toMatchObject({ first_id: "in_4", last_id: "in_3", has_more: true });
    const next = list(history, `limit=2&after=${first.last_id}`);
    expect(next.data.map((item) => item.id)).toEqual(["in_2", "in_1"]);
    expect(list(history, "order=asc").data.map((item) => item.id)).toEqual([
      "in_0",
      "in_1",
      "in_2",
      "in_3",
      "in_4",
    ]);
  });

  it("gives items sent without an id (or with one another item shares) ids that stay the same", () => {
    const history = new ResponseHistory({ maxEntries: 10, ttlMs: 60_000, maxChars: 1_000_000 });
    const input = [
      { type: "message", role: "user", content: "hi" },
      { id: "fc_twice", type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
      { id: "fc_twice", type: "function_call", call_id: "c2", name: "f", arguments: "{}" },
      { id: "msg_mine", role: "assistant", content: "earlier answer" },
    ];
    history.remember("resp_abc", undefined, input, []);
    const items = () => {
      const answer = answerStoredResponse("GET", "resp_abc/input_items", "order=asc", history);
      if (!("status" in answer)) throw new Error("expected a page");
      return (JSON.parse(answer.body) as { data: Record<string, unknown>[] }).data;
    };
    const first = items();
    expect(first.map((item) => item.id)).toEqual([
      "msg_abc_in_0",
      "fc_abc_in_1",
      "fc_abc_in_2",
      "msg_mine",
    ]);
    expect(first[0]).toEqual({
      id: "msg_abc_in_0",
      type: "message",
      role: "user",
      status: "completed",
      content: [{ type: "input_text", text: "hi" }],
    });
    expect(first[3]).toMatchObject({
      type: "message",
      content: [{ type: "output_text", text: "earlier answer" }],
    });
    expect(items()).toEqual(first);
  });

  it("pages backwards from a `before` cursor", () => {
    const history = historyWith(5);
    const page = list(history, "order=asc&before=in_3&limit=2");
    expect(page.data.map((item) => item.id)).toEqual(["in_1", "in_2"]);
    expect(page.has_more).toBe(true);
    expect(list(history, "order=asc&before=in_1&limit=2").has_more).toBe(false);
  });

  it("refuses a bad page request and an unknown id, and says which methods a route takes", () => {
    const history = historyWith(1);
    expect(() => list(history, "after=in_9")).toThrow(/after names item "in_9"/);
    for (const query of ["limit=0", "limit=101", "order=up"]) {
      expect(() => list(history, query)).toThrow(GatewayHttpError);
    }
    expect(() => answerStoredResponse("GET", "resp_2", "", history)).toThrow(
      /no response "resp_2" is kept here/,
    );
    expect(answerStoredResponse("POST", "resp_1", "", history)).toEqual({
      allow: "GET, HEAD, DELETE",
    });
    expect(answerStoredResponse("POST", "resp_1/cancel", "", history)).toEqual({ noRoute: true });
  });
});
