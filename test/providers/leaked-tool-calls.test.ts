import { describe, expect, it } from "vitest";
import { LeakedToolCallFilter } from "../../src/providers/leaked-tool-calls.js";

const SECTION =
  "<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>" +
  '{"city": "Paris"}<|tool_call_end|><|tool_call_begin|> functions.get_time:1 ' +
  '<|tool_call_argument_begin|> {"tz": "UTC"} <|tool_call_end|><|tool_calls_section_end|>';
const CALLS = [
  { id: "functions.get_weather:0", name: "get_weather", arguments: '{"city": "Paris"}' },
  { id: "functions.get_time:1", name: "get_time", arguments: '{"tz": "UTC"}' },
];

function run(deltas: string[]) {
  const filter = new LeakedToolCallFilter();
  let text = "";
  const calls = [];
  for (const delta of deltas) {
    text += filter.feed(delta);
    calls.push(...filter.take());
  }
  text += filter.flush();
  calls.push(...filter.take());
  return { text, calls };
}

describe("LeakedToolCallFilter", () => {
  it("passes text without the markup through as it comes; a < at the end waits for what follows", () => {
    const filter = new LeakedToolCallFilter();
    expect(filter.feed("if a < b then")).toBe("if a < b then");
    expect(filter.feed(" <b>bold</b> <")).toBe(" <b>bold</b> ");
    expect(filter.feed("= c")).toBe("<= c");
    expect(filter.feed(" <|")).toBe(" ");
    expect(filter.flush()).toBe("<|");
    expect(filter.take()).toEqual([]);
  });

  it("takes a section out of the text and gives its calls, wherever the deltas split it", () => {
    const whole = `Let me check. ${SECTION} Done.`;
    for (let cut = 0; cut <= whole.length; cut++) {
      const result = run([whole.slice(0, cut), whole.slice(cut)]);
      expect(result).toEqual({ text: "Let me check.  Done.", calls: CALLS });
    }
    expect(run([...whole])).toEqual({ text: "Let me check.  Done.", calls: CALLS });
  });

  it("reads the singular marker spelling and a section without per-call markers", () => {
    const bare =
      "<|tool_call_section_begin|>functions.search:0<|tool_call_argument_begin|>" +
      '{"q":"kimi"}<|tool_call_section_end|>';
    expect(run([bare])).toEqual({
      text: "",
      calls: [{ id: "functions.search:0", name: "search", arguments: '{"q":"kimi"}' }],
    });
  });

  it("keeps the calls of a section the stream cut short, or gives it back as text if it has none", () => {
    const cut = SECTION.slice(0, SECTION.indexOf("<|tool_call_begin|> functions.get_time"));
    expect(run([cut])).toEqual({ text: "", calls: [CALLS[0]] });
    expect(run(["see <|tool_calls_section_begin|>nothing here"])).toEqual({
      text: "see <|tool_calls_section_begin|>nothing here",
      calls: [],
    });
    expect(run(["ends with <|tool_calls_sec"])).toEqual({
      text: "ends with <|tool_calls_sec",
      calls: [],
    });
  });
});
