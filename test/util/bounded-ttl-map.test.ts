import { describe, expect, it } from "vitest";
import { BoundedTtlMap } from "../../src/util/bounded-ttl-map.js";

describe("BoundedTtlMap", () => {
  it("forgets by age, and the oldest first beyond its count; a re-set entry counts as new", () => {
    let now = 0;
    const map = new BoundedTtlMap<string, number>({ maxEntries: 2, ttlMs: 100, now: () => now });
    map.set("a", 1);
    map.set("b", 2);
    map.set("a", 3); // now newer than b
    map.set("c", 4); // evicts b
    expect([map.get("a"), map.get("b"), map.get("c")]).toEqual([3, undefined, 4]);
    now = 100;
    expect(map.get("a")).toBeUndefined();
    map.sweep();
    expect(map.size).toBe(0);
  });

  it("keeps the summed weight under its budget and refuses a value heavier than all of it", () => {
    const map = new BoundedTtlMap<string, string>({
      maxEntries: 100,
      ttlMs: 1000,
      maxWeight: 10,
      weigh: (value) => value.length,
    });
    map.set("a", "xxxx");
    map.set("b", "yyyy");
    map.set("c", "zzzz"); // 12 > 10: a goes
    expect([map.get("a"), map.get("b"), map.get("c")]).toEqual([undefined, "yyyy", "zzzz"]);
    expect(map.totalWeight).toBe(8);
    map.set("huge", "h".repeat(11));
    expect(map.get("huge")).toBeUndefined();
    expect([map.get("b"), map.get("c"), map.totalWeight]).toEqual(["yyyy", "zzzz", 8]);
    map.set("b", "y");
    expect(map.totalWeight).toBe(5);
    map.clear();
    expect([map.size, map.totalWeight]).toEqual([0, 0]);
  });
});
