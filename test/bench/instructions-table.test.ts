import { describe, expect, it } from "vitest";
import { parseInstructionTotal } from "../../bench/callgrind.js";
import { instructionTable, parseInstructionArgs } from "../../bench/instructions-table.js";

describe("instruction benchmark options", () => {
  it("takes the defaults and the numbers it is given", () => {
    expect(parseInstructionArgs([])).toEqual({
      warmup: 3000,
      requests: 500,
      batches: 2,
      connections: 1,
    });
    expect(parseInstructionArgs(["--requests", "40", "--batches", "3"])).toMatchObject({
      requests: 40,
      batches: 3,
    });
  });

  it("names the option it does not know, and a value that is not a whole number", () => {
    expect(() => parseInstructionArgs(["--seconds", "3"])).toThrow(
      "unknown option --seconds (known: --warmup, --requests, --batches, --connections)",
    );
    expect(() => parseInstructionArgs(["--requests", "2.5"])).toThrow(
      "--requests takes a whole number from 1 to 100000, not 2.5",
    );
    expect(() => parseInstructionArgs(["--warmup"])).toThrow("not nothing");
  });
});

describe("instruction benchmark table", () => {
  it("shows medians, their spread and the gateway against the floor", () => {
    const table = instructionTable(
      { name: "floor", json: [400_000, 404_000], stream: [500_000, 500_000] },
      { name: "gateway", json: [1_200_000, 1_212_000], stream: [1_500_000, 1_600_000] },
    );
    expect(table.rows).toEqual([
      ["floor", "402,000", "1.0%", "500,000", "0.0%", "1.00×", "1.00×"],
      ["gateway", "1,206,000", "1.0%", "1,550,000", "6.5%", "3.00×", "3.10×"],
      ["gateway minus floor", "804,000", "", "1,050,000", "", "", ""],
    ]);
  });
});

describe("callgrind output", () => {
  it("reads the instruction total of a dump", () => {
    expect(parseInstructionTotal("events: Ir\nsummary: 120\n\ntotals: 123456\n")).toBe(123456);
    expect(parseInstructionTotal("events: Ir\nsummary: 120\n")).toBe(120);
    expect(parseInstructionTotal("events: Ir\n")).toBeUndefined();
  });
});
