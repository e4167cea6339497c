/**
 * readUsageReport's and readUsageRequests' text options as a program may pass them, whatever
 * their length (a buffer read whole, a field of a request body passed on): a `since` or a `by`
 * of megabytes was quoted whole in the refusal, several times over for a `since` of digits
 * (`write <it>d for days (or <it>h, <it>m, <it>w)`), while `last` and `errors` are cut short.
 * Each is refused with its start, cut, and a message of a few lines at most.
 */
import { describe, expect, it } from "vitest";
import { readUsageReport, readUsageRequests } from "../src/index.js";

const env = { OPENCLAW_STATE_DIR: "/nonexistent/openclaw-usage-long" };

async function rejection(
  run: () => Promise<unknown>,
): Promise<{ message: string; where?: string }> {
  try {
    await run();
  } catch (error) {
    return error as { message: string; where?: string };
  }
  throw new Error("expected a rejection");
}

describe("a since or by of megabytes", () => {
  const long = "x".repeat(1_000_000);
  const digits = "7".repeat(1_000_000);

  it("readUsageRequests and readUsageReport quote the start of a long since, not all of it", async () => {
    for (const since of [long, digits]) {
      for (const call of [
        () => readUsageRequests({ env, since }),
        () => readUsageReport({ env, since }),
      ]) {
        const error = await rejection(call);
        expect(error.where).toBe("since");
        expect(error.message.length).toBeLessThan(300);
        expect(error.message).toBe(
          `since "${since.slice(0, 40)}…" is neither a duration nor a date (1000000 characters)`,
        );
      }
    }
  });

  it("readUsageReport quotes the start of a long by", async () => {
    const error = await rejection(() => readUsageReport({ env, by: long as never }));
    expect(error.where).toBe("by");
    expect(error.message).toBe(
      `readUsageReport's by must be one of model, provider, client, api, day (got "${long.slice(0, 40)}…")`,
    );
  });

  it("a since of ordinary length is quoted whole, as before", async () => {
    const error = await rejection(() =>
      readUsageRequests({ env, since: "the day before yesterday" }),
    );
    expect(error.message).toBe('since "the day before yesterday" is neither a duration nor a date');
  });
});
