/**
 * A model id put under the wrong provider (`kimi-code/kimi-k2.5`): which refs of the same id a
 * refusal names, the same for the catalog's resolve and the gateway's 404.
 */
import { describe, expect, it } from "vitest";
import { sameIdElsewhere } from "../../src/catalog/same-id-elsewhere.js";

describe("sameIdElsewhere", () => {
  it("names the id under the other providers, never the asked one (in any case)", () => {
    const sameId = [
      { id: "kimi-code/kimi-k2.5", configured: false },
      { id: "moonshot/kimi-k2.5", configured: false },
      { id: "moonshot-cn/kimi-k2.5", configured: false },
    ];
    expect(sameIdElsewhere(sameId, "Kimi-Code")).toEqual([
      "moonshot/kimi-k2.5",
      "moonshot-cn/kimi-k2.5",
    ]);
    // A provider whose id begins like another's is still another provider.
    expect(sameIdElsewhere(sameId, "moonshot")).toEqual([
      "kimi-code/kimi-k2.5",
      "moonshot-cn/kimi-k2.5",
    ]);
  });

  it("names only those of configured providers when there are some, not the built-in copies", () => {
    const sameId = [
      { id: "moonshot/kimi-k2.5", configured: true },
      { id: "moonshot-cn/kimi-k2.5" },
      { id: "kimi-code/kimi-k2.5", configured: false },
    ];
    expect(sameIdElsewhere(sameId, "kimi-code")).toEqual(["moonshot/kimi-k2.5"]);
    expect(sameIdElsewhere(sameId, "moonshot")).toEqual([
      "moonshot-cn/kimi-k2.5",
      "kimi-code/kimi-k2.5",
    ]);
    expect(sameIdElsewhere([], "moonshot")).toEqual([]);
  });
});
