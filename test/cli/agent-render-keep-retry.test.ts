/**
 * The note `agent` and `chat` print when the runtime sends a request again without
 * `thinking.keep` (preserved thinking), which kimi-k2.5 refuses: what was left out and that the
 * thinking switch still goes, as for the other corrected requests. It read as a plain retry
 * before: "retrying moonshot/kimi-k2.5 in 0.0s (attempt 2): thinking.keep is not supported…".
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createStreamRenderer } from "../../src/cli/commands/agent-render.js";
import { ProviderError } from "../../src/providers/errors.js";

function captured(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe("the retry note for a request sent again without thinking.keep", () => {
  it("says what was left out and why, not a retry after a wait", () => {
    const out = captured();
    const err = captured();
    for (const command of ["agent", "chat"] as const) {
      const renderer = createStreamRenderer({
        showReasoning: false,
        command,
        out: out.stream,
        err: err.stream,
      });
      renderer.onEvent({
        type: "retry",
        model: "moonshot/kimi-k2.5",
        attempt: 1,
        delayMs: 0,
        droppedThinkingKeep: true,
        error: new ProviderError({
          errorClass: "bad_request",
          status: 400,
          message: 'thinking.keep is not supported by model "kimi-k2.5"',
          provider: "moonshot",
          model: "kimi-k2.5",
        }),
      });
      renderer.finish();
    }
    const notes = err.text().split("\n").filter(Boolean);
    expect(notes).toEqual([
      "moonshot/kimi-k2.5 does not take thinking.keep (preserved thinking): sent again without it, thinking as asked",
      "moonshot/kimi-k2.5 does not take thinking.keep (preserved thinking): sent again without it, thinking as asked",
    ]);
    expect(err.text()).not.toContain("retrying");
    expect(out.text()).toBe("");
  });
});
