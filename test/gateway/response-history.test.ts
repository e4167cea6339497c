import { describe, expect, it } from "vitest";
import { ResponseHistory } from "../../src/gateway/response-history.js";

const user = (text: string) => ({ type: "message", role: "user", content: text });
const answer = (text: string) => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text }],
});

/** A history whose turns last a second of the test's own `clock`. */
function clockedHistory(clock: { now: number }): ResponseHistory {
  return new ResponseHistory({
    maxEntries: 100,
    ttlMs: 1000,
    maxChars: 1_000_000,
    now: () => clock.now,
  });
}

describe("the conversations kept for previous_response_id", () => {
  it("gives a chain of turns back whole, oldest first", () => {
    const history = new ResponseHistory({ maxEntries: 100, ttlMs: 60_000, maxChars: 1_000_000 });
    history.remember("resp_1", undefined, [user("a")], [answer("A")]);
    history.remember("resp_2", "resp_1", [user("b")], [answer("B")]);
    history.remember("resp_3", "resp_2", [user("c")], [answer("C")]);
    expect(history.conversation("resp_3")).toEqual([
      user("a"),
      answer("A"),
      user("b"),
      answer("B"),
      user("c"),
      answer("C"),
    ]);
    // A branch from the middle sees only its own past.
    history.remember("resp_2b", "resp_1", [user("b'")], [answer("B'")]);
    expect(history.conversation("resp_2b")).toEqual([
      user("a"),
      answer("A"),
      user("b'"),
      answer("B'"),
    ]);
    expect(history.conversation("resp_unknown")).toBeUndefined();
  });

  it("cannot continue a conversation one of whose turns is forgotten", () => {
    const clock = { now: 0 };
    const history = clockedHistory(clock);
    history.remember("resp_1", undefined, [user("a")], [answer("A")]);
    clock.now = 600;
    history.remember("resp_2", "resp_1", [user("b")], [answer("B")]);
    clock.now = 1200; // resp_1 expired, resp_2 not
    expect(history.conversation("resp_2")).toBeUndefined();
  });

  it("keeps a conversation in use alive as a whole", () => {
    const clock = { now: 0 };
    const history = clockedHistory(clock);
    history.remember("resp_1", undefined, [user("a")], [answer("A")]);
    for (let turn = 2; turn <= 5; turn++) {
      clock.now += 600;
      expect(history.conversation(`resp_${turn - 1}`)).toHaveLength((turn - 1) * 2);
      history.remember(`resp_${turn}`, `resp_${turn - 1}`, [user("x")], [answer("X")]);
    }
    expect(history.conversation("resp_5")).toHaveLength(10);
  });

  it("stays within its character budget, images' data URLs included", () => {
    const history = new ResponseHistory({ maxEntries: 100, ttlMs: 60_000, maxChars: 10_000 });
    const image = {
      type: "message",
      role: "user",
      content: [{ type: "input_image", image_url: `data:image/png;base64,${"A".repeat(6000)}` }],
    };
    history.remember("resp_1", undefined, [image], [answer("one")]);
    history.remember("resp_2", undefined, [image], [answer("two")]);
    // Two such turns do not fit: the older one went.
    expect(history.conversation("resp_1")).toBeUndefined();
    expect(history.conversation("resp_2")).toHaveLength(2);
    expect(history.size).toBe(1);
  });

  it("counts a kept response's echoed instructions against the budget too", () => {
    const history = new ResponseHistory({ maxEntries: 100, ttlMs: 60_000, maxChars: 10_000 });
    const output = [answer("ok")];
    const response = (id: string) => ({ id, instructions: "Be brief. ".repeat(600), output });
    history.remember("resp_1", undefined, [user("a")], output, response("resp_1"));
    history.remember("resp_2", undefined, [user("b")], output, response("resp_2"));
    expect(history.response("resp_1")).toBeUndefined();
    expect(history.response("resp_2")?.id).toBe("resp_2");
  });
});

describe("why a response cannot be continued", () => {
  it("is told apart: store: false, deleted, an earlier turn forgotten, or not known", () => {
    // Room for two turns: a third pushes the oldest out.
    const history = new ResponseHistory({ maxEntries: 2, ttlMs: 60_000, maxChars: 1_000_000 });
    history.notStored("resp_unstored", [{ id: "msg_unstored", ...answer("A") }]);
    history.remember("resp_1", undefined, [user("a")], [answer("A")]);
    history.remember("resp_2", "resp_1", [user("b")], [answer("B")]);
    expect(history.whyNotContinued("resp_2")).toBeUndefined();
    expect(history.whyNotContinued("resp_unstored")).toBe("store_false");
    history.remember("resp_3", "resp_2", [user("c")], [answer("C")]);
    // resp_3 is kept (it can be fetched), but resp_1, its conversation's start, is not.
    expect(history.inputItems("resp_3")).toEqual([user("c")]);
    expect(history.conversation("resp_3")).toBeUndefined();
    expect(history.whyNotContinued("resp_3")).toBe("earlier_turn_forgotten");
    expect(history.forget("resp_3")).toBe(true);
    expect(history.whyNotContinued("resp_3")).toBe("deleted");
    expect(history.whyNotContinued("resp_never")).toBeUndefined();
  });
});
