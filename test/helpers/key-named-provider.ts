/**
 * For tests of the library's masking: a key pasted where a name goes (a provider's name, an
 * option's, a session id), the check that an error shows none of it however it is printed, and
 * a runtime whose provider is named with that key and answers (the simulator's Moonshot).
 */
import { inspect } from "node:util";
import { expect } from "vitest";
import { OpenClawError, type OpenedRuntime, openRuntime } from "../../src/index.js";
import type { Simulator } from "../simulator/types.js";
import { customProvider } from "./custom-provider-entry.js";
import { tempDir } from "./tmp.js";

export const PASTED_KEY = "sk-kimi-abcdefgh12345678XYZsecret";
/** The part of PASTED_KEY a masked text must not hold (masks keep the `sk-kimi-` prefix). */
const SECRET = "abcdefgh12345678";

/** Every way a program would print or log the error: none holds the key's secret part. */
export function expectMasked(error: unknown): OpenClawError {
  expect(error).toBeInstanceOf(OpenClawError);
  const failure = error as OpenClawError;
  for (const shown of [
    failure.message,
    String(failure),
    JSON.stringify(failure),
    failure.hint ?? "",
    failure.where ?? "",
    failure.stack ?? "",
    inspect(failure, { depth: 6 }),
  ]) {
    expect(shown.toLowerCase()).not.toContain(SECRET.toLowerCase());
  }
  return failure;
}

/** A library runtime whose provider is named with PASTED_KEY and answers from `sim`. */
export function runtimeWithKeyNamedProvider(sim: Simulator): OpenedRuntime {
  return openRuntime({
    config: {
      models: {
        providers: {
          [PASTED_KEY]: customProvider([{ id: "kimi-k2.5", name: "K2.5" }], {
            baseUrl: sim.moonshotBaseUrl,
            apiKey: sim.keys.moonshot,
          }),
        },
      },
      agents: { defaults: { model: { primary: `${PASTED_KEY}/kimi-k2.5` } } },
    },
    env: { OPENCLAW_STATE_DIR: tempDir() },
  });
}
