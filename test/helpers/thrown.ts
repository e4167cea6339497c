import { expect } from "vitest";
import { OpenClawError } from "../../src/index.js";

/** What `run` throws; fails the test when it returns instead. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

/** The OpenClawError `run` throws; fails the test when it throws anything else or returns. */
export function refusal(run: () => unknown): OpenClawError {
  const error = thrownBy(run);
  expect(error).toBeInstanceOf(OpenClawError);
  return error as OpenClawError;
}
