/**
 * Anthropic's documented event sequence of a streamed Messages answer, checked on the raw SSE
 * text: for tests that send requests as Claude Code does and read what the gateway streams.
 */
import { expect } from "vitest";

type Obj = Record<string, unknown>;

/** The SSE stream's events, each `event:` name checked against its data's `type`. */
export function sseEvents(text: string): Obj[] {
  return text
    .split("\n\n")
    .filter((frame) => frame.trim() !== "" && !frame.startsWith(":"))
    .map((frame) => {
      const name = /^event: (.+)$/m.exec(frame)?.[1];
      const data = JSON.parse(/^data: (.+)$/m.exec(frame)?.[1] ?? "null") as Obj;
      expect(data.type).toBe(name);
      return data;
    });
}

/**
 * Checks Anthropic's documented sequence: message_start; content blocks indexed from 0 without
 * gaps, each started, given deltas of its own kind and stopped before the next starts; a thinking
 * block's signature_delta before its stop; thinking before any text or tool_use; then one
 * message_delta carrying output_tokens, and message_stop. Returns the blocks' types in order.
 */
export function expectAnthropicGrammar(events: Obj[]): string[] {
  expect(events[0]?.type).toBe("message_start");
  expect(events.at(-1)?.type).toBe("message_stop");
  const delta = events.at(-2) as { type: string; usage?: { output_tokens?: unknown } };
  expect(delta.type).toBe("message_delta");
  expect(typeof delta.usage?.output_tokens).toBe("number");
  const blocks: string[] = [];
  let open: { index: number; type: string; signed: boolean } | undefined;
  const deltaKinds: Record<string, string[]> = {
    text: ["text_delta"],
    thinking: ["thinking_delta", "signature_delta"],
    tool_use: ["input_json_delta"],
  };
  for (const event of events.slice(1, -2)) {
    const index = event.index as number;
    if (event.type === "content_block_start") {
      expect(open).toBeUndefined();
      expect(index).toBe(blocks.length);
      const type = (event.content_block as { type: string }).type;
      blocks.push(type);
      open = { index, type, signed: false };
    } else if (event.type === "content_block_delta") {
      expect(index).toBe(open?.index);
      const kind = (event.delta as { type: string }).type;
      expect(deltaKinds[open?.type ?? ""]).toContain(kind);
      if (kind === "signature_delta" && open) open.signed = true;
      else expect(open?.signed).toBe(false);
    } else if (event.type === "content_block_stop") {
      expect(index).toBe(open?.index);
      if (open?.type === "thinking") expect(open.signed).toBe(true);
      open = undefined;
    } else throw new Error(`unexpected ${String(event.type)} between the blocks`);
  }
  expect(open).toBeUndefined();
  const firstOther = blocks.findIndex((type) => type !== "thinking");
  if (firstOther >= 0) expect(blocks.slice(firstOther)).not.toContain("thinking");
  return blocks;
}
