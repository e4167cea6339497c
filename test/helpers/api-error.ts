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

/**
 * The status, code and message `call` is refused with, as the `openai` client reports them;
 * undefined when it succeeds. An error that is not the API's is thrown on.
 */
export async function refusalOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (error instanceof OpenAI.APIError) {
      const body = error.error as { code?: string; message?: string } | undefined;
      return { status: error.status, code: body?.code, message: body?.message ?? "" };
    }
    throw error;
  }
  return undefined;
}
