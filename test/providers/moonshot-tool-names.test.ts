import { describe, expect, it } from "vitest";
import { moonshotToolNames } from "../../src/providers/moonshot-tool-names.js";

describe("moonshotToolNames", () => {
  it("needs nothing when every name starts with a letter and has only letters, digits, _ and -", () => {
    expect(moonshotToolNames(["get_time", "read-file", "Search2"])).toBeUndefined();
  });

  it("gives the other names a form Moonshot takes, both ways, without taking a name in use", () => {
    const map = moonshotToolNames([
      "12306__query-tickets",
      "fs.read",
      "_private",
      "fs_read", // what "fs.read" would become: the renamed one gets another form
      "12306__query-tickets", // repeated in the history: one entry
    ]);
    expect(Object.fromEntries(map?.toUpstream ?? [])).toEqual({
      "12306__query-tickets": "fn_12306__query-tickets",
      "fs.read": "fs_read_2",
      _private: "fn__private",
    });
    for (const [from, to] of map?.toUpstream ?? []) {
      expect(to).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
      expect(map?.fromUpstream.get(to)).toBe(from);
    }
  });
});
