import { describe, expect, it } from "vitest";
import { hasComments } from "../../src/onboard/json5-comments.js";

describe("hasComments", () => {
  it("finds line and block comments", () => {
    expect(hasComments("{\n  // mine\n  a: 1 }")).toBe(true);
    expect(hasComments("{ a: 1 /* kept? */ }")).toBe(true);
  });

  it("does not take // or /* inside strings (URLs, globs) for comments", () => {
    expect(hasComments("{ baseUrl: \"https://api.moonshot.ai/v1\", glob: '/*.json' }")).toBe(false);
    expect(hasComments('{ "a": "quote \\" then //", b: 1 }')).toBe(false);
    expect(hasComments('{ "a": "x" } // after')).toBe(true);
  });
});
