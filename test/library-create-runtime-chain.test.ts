/**
 * createRuntime given neither a catalog nor a resolveChain, a catalog that is none, or a
 * resolveChain that is no function refuses it (code `usage`, `where` the option) when it is
 * called. Before, the runtime was made and each run failed with code `internal`, which tells a
 * program openclaw made a mistake (worth a bug report), or with a TypeError from inside.
 */
import { describe, expect, it } from "vitest";
import { createRuntime, isOpenClawError } from "../src/index.js";

function failureOf(call: () => unknown): Record<string, unknown> {
  try {
    call();
  } catch (error) {
    if (!isOpenClawError(error)) return { notOpenClawError: String(error) };
    return { code: error.code, message: error.message, where: error.where, hint: error.hint };
  }
  return { threw: false };
}

// Plain JavaScript callers: the types would refuse these, a .js file does not.
const untyped = <T>(value: unknown): T => value as T;
const resolveKey = () => undefined;

describe("createRuntime without a way to find a run's models", () => {
  it("says it needs catalog (or resolveChain) when given neither", () => {
    expect(failureOf(() => createRuntime(untyped({ resolveKey })))).toEqual({
      code: "usage",
      message: "createRuntime needs the option catalog (or resolveChain), got neither",
      where: "catalog",
      hint: "pass catalog: what loadCatalog() or buildCatalog(loadConfigObject(config)) returns, or resolveChain: (ref) => ResolvedModel[] for the models a run tries",
    });
  });

  it("refuses a catalog that is none, and a resolveChain that is no function", () => {
    expect(failureOf(() => createRuntime(untyped({ resolveKey, catalog: 5 })))).toMatchObject({
      code: "usage",
      message: "createRuntime needs a catalog first, got the number 5",
      where: "catalog",
    });
    expect(
      failureOf(() => createRuntime(untyped({ resolveKey, resolveChain: "moonshot/kimi-k2.5" }))),
    ).toMatchObject({ code: "usage", where: "resolveChain" });
  });

  it("still takes a resolveChain alone", () => {
    expect(failureOf(() => createRuntime({ resolveKey, resolveChain: () => [] }))).toEqual({
      threw: false,
    });
  });
});
