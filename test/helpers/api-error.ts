/** The error an `openai` client call fails with, for tests that expect one. */
import OpenAI from "openai";
import { expect } from "vitest";

export type ApiError = InstanceType<typeof OpenAI.APIError>;

/** The APIError `call` rejects with; the test fails if it resolves or throws something else. */
export async function apiFailure(call: Promise<unknown>): Promise<ApiError> {
  const caught = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(OpenAI.APIError);
  return caught as ApiError;
}
