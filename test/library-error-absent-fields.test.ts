/**
 * An error with no tool-call arguments left out has no `droppedToolCallData` key, as the guide
 * says ("absent when nothing was left out"). Before, the class declared the field, so every
 * error the library threw carried it as `undefined`: `"droppedToolCallData" in error` was true,
 * and printing any error (console.error, an uncaught rejection) showed
 * `droppedToolCallData: undefined` on a config or model mistake that had nothing to do with it.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  loadConfigObject,
  OpenClawError,
  resolveModel,
  UsageError,
} from "../src/index.js";
import { thrownBy } from "./helpers/thrown.js";

describe("an error with no tool-call data left out", () => {
  it("has no droppedToolCallData key, and does not print one", () => {
    const unknownModel = thrownBy(() =>
      resolveModel(buildCatalog(loadConfigObject({})), "moonshot/kimi-k9"),
    );
    const errors = [unknownModel, new OpenClawError("usage", "m"), new UsageError("bad flag")];
    for (const error of errors) {
      expect(error).toBeInstanceOf(OpenClawError);
      expect("droppedToolCallData" in (error as object)).toBe(false);
      expect(inspect(error)).not.toContain("droppedToolCallData");
    }
    expect((unknownModel as OpenClawError).code).toBe("model.unknown");
  });

  it("keeps what a run sets on it", () => {
    const error = new OpenClawError("provider.auth", "refused");
    error.droppedToolCallData = [{ round: 1, index: 0, id: "call_a", characters: 7 }];
    expect(inspect(error)).toContain("droppedToolCallData");
    expect(JSON.parse(JSON.stringify(error.droppedToolCallData))).toEqual([
      { round: 1, index: 0, id: "call_a", characters: 7 },
    ]);
  });
});
