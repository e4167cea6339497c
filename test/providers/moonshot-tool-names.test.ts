import fc from "fast-check";
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

describe("moonshotToolNames on any names", () => {
  it("gives each name one form Moonshot takes, of at most 64 characters, distinct and mapped back", () => {
    const name = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_.:/-]{1,64}$/),
      fc.constantFrom("fs.read", "fs_read", "fs_read_2", "9x", "fn_9x", "查询", "搜索"),
      fc.integer({ min: 55, max: 64 }).map((length) => `9${"a".repeat(length - 1)}`),
      fc.integer({ min: 55, max: 64 }).map((length) => `a.${"b".repeat(length - 2)}`),
    );
    fc.assert(
      fc.property(fc.array(name, { maxLength: 12 }), (names) => {
        const map = moonshotToolNames(names);
        const sent = names.map((given) => map?.toUpstream.get(given) ?? given);
        const distinct = new Set(names);
        expect(new Set(sent).size).toBe(distinct.size);
        for (const [index, form] of sent.entries()) {
          expect(form).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
          expect(form.length).toBeLessThanOrEqual(Math.max(64, (names[index] as string).length));
          expect(map?.fromUpstream.get(form) ?? form).toBe(names[index]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
