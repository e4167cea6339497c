/**
 * What the library remembers of the errors a caller's own code threw, to hand them back as the
 * same objects: every object it was given (held weakly, so a long-lived runtime keeps none of
 * them alive), and the latest thrown primitives only.
 */
import { describe, expect, it } from "vitest";
import { callerCallback, thrownRecord } from "../../src/util/masked-error.js";

describe("thrownRecord", () => {
  it("knows the objects it was given, and no other, however equal", () => {
    const record = thrownRecord();
    const own = new Error("caller's own");
    record.add(own);
    expect(record.has(own)).toBe(true);
    expect(record.has(new Error("caller's own"))).toBe(false);
  });

  it("knows a thrown primitive by value, the latest 64 only", () => {
    const record = thrownRecord();
    for (let n = 0; n < 100; n++) record.add(`failure ${n}`);
    expect(record.has("failure 99")).toBe(true);
    expect(record.has("failure 36")).toBe(true);
    expect(record.has("failure 35")).toBe(false);
  });

  it("lets callerCallback tell the caller's rejection from another", async () => {
    const own = new Error("caller's own");
    const caller = callerCallback(async () => {
      throw own;
    });
    await expect(caller.callback()).rejects.toBe(own);
    expect(caller.threwIt(own)).toBe(true);
    expect(caller.threwIt(new Error("other"))).toBe(false);
  });
});
