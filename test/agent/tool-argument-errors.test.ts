/**
 * A tool call whose arguments do not parse (Kimi models now and then drop a quote: `"x": 1,
 * content": "b"`, MoonshotAI/kimi-cli#2165) is answered with where and why they stop being JSON,
 * so that the model can send it again fixed, without the arguments quoted back.
 */
import { describe, expect, it } from "vitest";
import { createToolRegistry, defineTool } from "../../src/agent/index.js";

describe("a tool call with arguments that are not JSON", () => {
  it("is answered with the line, column and reason, and the tool is not run", async () => {
    let runs = 0;
    const registry = createToolRegistry([
      defineTool({
        name: "write_note",
        description: "Writes a note",
        parameters: { type: "object", properties: { path: { type: "string" } } },
        run: () => {
          runs++;
          return "written";
        },
      }),
    ]);
    const result = await registry.run({
      id: "functions.write_note:0",
      type: "function",
      function: { name: "write_note", arguments: '{"path": "a.txt", content": "secret text"}' },
    });
    expect(runs).toBe(0);
    expect(result.isError).toBe(true);
    expect(result.content).toBe(
      "error: the arguments are not valid JSON (line 1, column 19: expected a property name in double quotes); call the tool again with its arguments as one JSON object",
    );
    expect(result.content).not.toContain("secret text");
  });
});
