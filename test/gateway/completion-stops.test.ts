/**
 * A text completion's stop sequences beyond what Moonshot takes (5, of at most 32 bytes): the
 * first that fit go upstream, the gateway stops the text at the rest, whole or streamed in pieces
 * that may split a sequence anywhere.
 */
import { describe, expect, it } from "vitest";
import { cutAtStops, StreamedStops, splitStops } from "../../src/gateway/completion-stops.js";

describe("splitStops", () => {
  it("sends five of at most 32 bytes, holds the rest", () => {
    const long = "x".repeat(33);
    expect(splitStops(["a", long, "b", "c", "d", "e", "f"])).toEqual({
      sent: ["a", "b", "c", "d", "e"],
      held: [long, "f"],
    });
  });

  it("holds nothing when all fit", () => {
    expect(splitStops(["a", "b"])).toEqual({ sent: ["a", "b"], held: undefined });
  });
});

describe("cutAtStops", () => {
  it("cuts before the earliest sequence met", () => {
    expect(cutAtStops("one /src/ two ``` three", ["```", "/src/"])).toEqual({
      text: "one ",
      met: true,
    });
    expect(cutAtStops("nothing here", ["```"])).toEqual({ text: "nothing here", met: false });
  });
});

describe("StreamedStops", () => {
  /** The text the client gets from `pieces`, and whether a stop was met. */
  function streamed(pieces: string[], stops: string[]): { text: string; met: boolean } {
    const cutter = new StreamedStops(stops);
    const text = pieces.map((piece) => cutter.push(piece)).join("") + cutter.flush();
    return { text, met: cutter.met };
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
