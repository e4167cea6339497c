/**
 * A note that starts a line of its own (agent's and chat's notes, models scan's note on a model
 * gone from the chain) on a narrow terminal, its first word (a model ref) a little wider than the
 * room its further lines get: it stays on the first line, at the edge where it fits. 4bc18cd moved
 * such a word under a label these notes do not have, which left an empty line above each note.
 */
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createStreamRenderer } from "../../src/cli/commands/agent-render.js";
import { displayWidth } from "../../src/cli/display-width.js";
import { renderGoneFromChain } from "../../src/cli/models-output.js";
import { ProviderError } from "../../src/providers/errors.js";

function captured(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("a note's first word on a narrow terminal", () => {
  it("agent: a retry note starting with a model ref has no empty line above it", () => {
    // 29 cells: wider than the 28 its further lines get at 30 columns, not than the terminal.
    const model = "moonshot/kimi-k2-0905-preview";
    vi.stubEnv("COLUMNS", "30");
    vi.stubEnv("NO_COLOR", "1");
    const out = captured();
    const err = captured();
    const renderer = createStreamRenderer({
      showReasoning: false,
      command: "agent",
      out: out.stream,
      err: err.stream,
    });
    renderer.onEvent({
      type: "retry",
      model,
      attempt: 1,
      delayMs: 0,
      droppedThinkingKeep: true,
      error: new ProviderError({
        errorClass: "bad_request",
        status: 400,
        message: 'thinking.keep is not supported by model "kimi-k2-0905-preview"',
        provider: "moonshot",
        model: "kimi-k2-0905-preview",
      }),
    });
    renderer.finish();

    const lines = err.text().split("\n");
    expect(lines[0]).toBe(model);
    expect(lines.slice(0, -1).filter((line) => line.trim() === "")).toEqual([]);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
  });

  it("models scan: a model gone from the chain is named on the note's first line", () => {
    // 36 cells with its comma: wider than the 34 further lines get at 36 columns.
    const ref = "moonshot/kimi-k2-0905-preview-extra";
    const text = renderGoneFromChain(
      {
        ref,
        role: "fallback #1",
        provider: "moonshot",
        todo: "Take it out",
        commands: [`openclaw models fallbacks remove ${ref}`],
      },
      36,
    );

    const lines = text.split("\n");
    expect(lines[0]).toBe(`${ref},`);
    expect(lines.filter((line) => line.trim() === "")).toEqual([]);
    // The note's words (the command under them is laid out apart).
    const note = lines.slice(
      0,
      lines.findIndex((line) => line.trim().startsWith("openclaw")),
    );
    for (const line of note) expect(displayWidth(line)).toBeLessThanOrEqual(36);
  });
});
