import { describe, expect, it } from "vitest";
import { type NearCandidate, nearNames } from "../../src/util/near-names.js";

const candidates: NearCandidate[] = [
  {
    label: "moonshot/kimi-k2-turbo-preview",
    spellings: ["moonshot/kimi-k2-turbo-preview", "kimi-k2-turbo-preview", "Kimi K2 Turbo"],
  },
  { label: "moonshot/kimi-k2.5", spellings: ["moonshot/kimi-k2.5", "kimi-k2.5", "Kimi K2.5"] },
  {
    label: "kimi-code/kimi-for-coding",
    spellings: ["kimi-code/kimi-for-coding", "kimi-for-coding"],
  },
  { label: "Kimi K2.5", spellings: ["Kimi K2.5"], standsFor: "moonshot/kimi-k2.5" },
];
const labels = (input: string) => nearNames(input, candidates).map((match) => match.label);

describe("near names", () => {
  it("ignore case, spaces, -, _ and . and allow a slip or two by length", () => {
    expect(labels("Kimi K2 Trubo")).toEqual(["moonshot/kimi-k2-turbo-preview"]);
    expect(labels("KIMI_FOR_CODNG")).toEqual(["kimi-code/kimi-for-coding"]);
    expect(labels("kimi k2-7")).toEqual(["Kimi K2.5"]);
  });

  it("match the first words of a longer name, after whole names", () => {
    expect(labels("kimi-k2-trubo")).toEqual(["moonshot/kimi-k2-turbo-preview"]);
  });

  it("offer an alias instead of the ref it stands for", () => {
    expect(labels("kimi-k2-5")).toEqual(["Kimi K2.5"]);
  });

  it("guess nothing for a short or a different name", () => {
    for (const input of ["k2", "kimi", "gpt-4o", "claude-sonnet-4-5", "", "---"])
      expect(labels(input)).toEqual([]);
  });
});
