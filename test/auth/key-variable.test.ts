/**
 * Which key sources are an environment variable's value whole: the variable the gateway's
 * platform verdict speaks of. Pure.
 */
import { describe, expect, it } from "vitest";
import { keyVariableOf } from "../../src/auth/key-variable.js";

const config = (template: string) => ({
  kind: "config" as const,
  path: "models.providers.kimi-cn.apiKey",
  template,
  variables: [],
});

describe("the variable a key source reads", () => {
  it("is an env source's, and a config apiKey's that is one ${VAR} alone", () => {
    expect(keyVariableOf({ kind: "env", variable: "MOONSHOT_API_KEY" })).toBe("MOONSHOT_API_KEY");
    expect(keyVariableOf(config("${MOONSHOT_API_KEY}"))).toBe("MOONSHOT_API_KEY");
    expect(keyVariableOf(config(" ${KIMICODE_API_KEY}\n"))).toBe("KIMICODE_API_KEY");
  });

  it("is none for a template with more in it, an escaped one, a written key or a profile", () => {
    expect(keyVariableOf(config("sk-${MOONSHOT_API_KEY}"))).toBeUndefined();
    expect(keyVariableOf(config("${A}${B}"))).toBeUndefined();
    expect(keyVariableOf(config("$${MOONSHOT_API_KEY}"))).toBeUndefined();
    expect(keyVariableOf(config("sk-test-written-0001"))).toBeUndefined();
    expect(keyVariableOf({ kind: "profile", profileId: "moonshot:default" })).toBeUndefined();
  });
});
