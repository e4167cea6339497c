/**
 * Kimi K2 writes tool calls in markup of its own, which the serving side normally turns into
 * `tool_calls`:
 *
 *   <|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0
 *   <|tool_call_argument_begin|>{"city":"Paris"}<|tool_call_end|><|tool_calls_section_end|>
 *
 * Some hosts leave it in the answer's text, or a thinking model puts it in its reasoning. A client
 * then shows the markup and never runs the tool. This filter takes such sections out of a text
 * stream as it passes and keeps the calls they hold. A marker may be split between two deltas: a
 * tail that could be the start of one is held back until the next delta (or the end) settles it.
 */

const SECTION_BEGIN = ["<|tool_calls_section_begin|>", "<|tool_call_section_begin|>"];
const SECTION_END = ["<|tool_calls_section_end|>", "<|tool_call_section_end|>"];
const CALL =
  /<\|tool_call_begin\|>([\s\S]*?)<\|tool_call_argument_begin\|>([\s\S]*?)<\|tool_call_end\|>/g;
const BARE_CALL = /^([\s\S]*?)<\|tool_call_argument_begin\|>([\s\S]*)$/;

export interface LeakedCall {
  id: string;
  name: string;
  arguments: string;
}

export class LeakedToolCallFilter {
  /** Text not passed on yet: a possible marker start, or the inside of an open section. */
  private held = "";
  /** The begin marker of the section being read, when one is open. */
  private openedWith: string | undefined;
  /** Calls found and not yet taken. */
  private found: LeakedCall[] = [];
  private count = 0;

  /** The part of `delta` to pass on now (all of it, in the usual case of no markup). */
  feed(delta: string): string {
    if (this.held === "" && this.openedWith === undefined && !delta.includes("<")) return delta;
    let input = this.held + delta;
    this.held = "";
    let out = "";
    while (input.length > 0) {
      if (this.openedWith === undefined) {
        const begin = findFirst(input, SECTION_BEGIN);
        if (!begin) {
          const keep = markerStartAtEnd(input);
          this.held = input.slice(input.length - keep);
          return out + input.slice(0, input.length - keep);
        }
        out += input.slice(0, begin.index);
        input = input.slice(begin.index + begin.marker.length);
        this.openedWith = begin.marker;
        continue;
      }
      const end = findFirst(input, SECTION_END);
      if (!end) {
        this.held = input;
        return out;
      }
      this.readSection(input.slice(0, end.index));
      input = input.slice(end.index + end.marker.length);
      this.openedWith = undefined;
    }
    return out;
  }

  /**
   * What is still held, at the end of the stream. A section left open is read for the calls it
   * holds; if it holds none, it is given back as the text it was.
   */
  flush(): string {
    const held = this.held;
    const opened = this.openedWith;
    this.held = "";
    this.openedWith = undefined;
    if (opened === undefined) return held;
    return this.readSection(held) > 0 ? "" : opened + held;
  }

  /** The calls found since the last time, in order. */
  take(): LeakedCall[] {
    const calls = this.found;
    if (calls.length > 0) this.found = [];
    return calls;
  }

  /** Reads the calls in a section's body; answers how many it found. */
  private readSection(body: string): number {
    let found = 0;
    for (const match of body.matchAll(CALL)) {
      this.addCall(match[1] ?? "", match[2] ?? "");
      found++;
    }
    if (found === 0) {
      // A section of a single call, without its per-call markers.
      const bare = BARE_CALL.exec(body);
      if (bare) {
        this.addCall(bare[1] ?? "", bare[2] ?? "");
        found++;
      }
    }
    return found;
  }

  /** `functions.get_weather:0` → id as written, name `get_weather`. */
  private addCall(header: string, args: string): void {
    const id = header.trim();
    const name = id.replace(/^functions\./, "").replace(/:\d+$/, "");
    const index = this.count++;
    this.found.push({
      id: /:\d+$/.test(id) ? id : `functions.${name}:${index}`,
      name,
      arguments: args.trim(),
    });
  }
}

function findFirst(
  text: string,
  markers: readonly string[],
): { index: number; marker: string } | undefined {
  let best: { index: number; marker: string } | undefined;
  for (const marker of markers) {
    const index = text.indexOf(marker);
    if (index >= 0 && (best === undefined || index < best.index)) best = { index, marker };
  }
  return best;
}

/** The length of the end of `text` that could be the start of a begin marker (0 if none). */
function markerStartAtEnd(text: string): number {
  const at = text.lastIndexOf("<");
  if (at < 0) return 0;
  const tail = text.slice(at);
  return SECTION_BEGIN.some((marker) => tail.length < marker.length && marker.startsWith(tail))
    ? tail.length
    : 0;
}
