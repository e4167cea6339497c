/**
 * Stop sequences beyond what a model's endpoint takes (Moonshot: 5, of at most 32 bytes): the
 * first that fit go upstream, the gateway stops the text at the rest, whole or streamed in pieces
 * that may split a sequence anywhere.
 */
import { describe, expect, it } from "vitest";
import {
  cutAtStops,
  StreamedStops,
  splitStops,
  tightestStopLimits,
} from "../../src/gateway/completion-stops.js";

const MOONSHOT_LIMITS = { maxStopSequences: 5, maxStopSequenceBytes: 32 };

describe("splitStops", () => {
  it("sends five of at most 32 bytes, holds the rest", () => {
    const long = "x".repeat(33);
    expect(splitStops(["a", long, "b", "c", "d", "e", "f"], MOONSHOT_LIMITS)).toEqual({
      sent: ["a", "b", "c", "d", "e"],
      held: [long, "f"],
    });
  });

  it("holds nothing when all fit", () => {
    expect(splitStops(["a", "b"], MOONSHOT_LIMITS)).toBeUndefined();
  });

  it("counts bytes, not characters: eleven 3-byte characters are 33", () => {
    expect(splitStops("语".repeat(11), MOONSHOT_LIMITS)).toEqual({
      sent: [],
      held: ["语".repeat(11)],
    });
    expect(splitStops("语".repeat(10), MOONSHOT_LIMITS)).toBeUndefined();
  });

  it("follows a lower limit an endpoint's config sets, and none where it sets none", () => {
    expect(splitStops(["a", "b", "c", "d"], { maxStopSequences: 2 })).toEqual({
      sent: ["a", "b"],
      held: ["c", "d"],
    });
    expect(splitStops(["a", "b", "c", "d", "e", "f"], {})).toBeUndefined();
  });
});

describe("tightestStopLimits", () => {
  it("takes the lowest of a chain's limits, and none when no model sets one", () => {
    expect(
      tightestStopLimits([MOONSHOT_LIMITS, { maxStopSequences: 2 }, { maxStopSequenceBytes: 64 }]),
    ).toEqual({ maxStopSequences: 2, maxStopSequenceBytes: 32 });
    expect(tightestStopLimits([{}, {}])).toBeUndefined();
  });
});

describe("cutAtStops", () => {
  it("cuts before the earliest sequence met, and says which", () => {
    expect(cutAtStops("one /src/ two ``` three", ["```", "/src/"])).toEqual({
      text: "one ",
      met: "/src/",
    });
    expect(cutAtStops("nothing here", ["```"])).toEqual({ text: "nothing here", met: undefined });
  });
});

describe("StreamedStops", () => {
  /** The text the client gets from `pieces`, and whether a stop was met. */
  function streamed(pieces: string[], stops: string[]): { text: string; met: boolean } {
    const cutter = new StreamedStops(stops);
    const text = pieces.map((piece) => cutter.push(piece)).join("") + cutter.flush();
    return { text, met: cutter.met !== undefined };
  }

  it("stops at a sequence split over pieces", () => {
    expect(streamed(["return a", " + b;\n`", "`", "`\nmore"], ["```"])).toEqual({
      text: "return a + b;\n",
      met: true,
    });
  });

  it("passes on a held start that turned out not to be a sequence", () => {
    expect(streamed(["a `", "` b", " c"], ["```"])).toEqual({ text: "a `` b c", met: false });
  });

  it("gives the held end at the answer's end", () => {
    expect(streamed(["x </co"], ["</code>"])).toEqual({ text: "x </co", met: false });
  });

  it("passes nothing after a stop", () => {
    const cutter = new StreamedStops(["END"]);
    expect(cutter.push("done END")).toBe("done ");
    expect(cutter.push("more")).toBe("");
    expect(cutter.flush()).toBe("");
  });
});
