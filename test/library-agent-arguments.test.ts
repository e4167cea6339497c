/**
 * The tool helpers and assistantText as a JavaScript program calls them, through the package's
 * entry: a missing or wrong argument is an OpenClawError (code `usage`) naming the argument and
 * what to pass, not a TypeError from inside (`Cannot read properties of undefined`,
 * `tools.forEach is not a function`).
 */
import { describe, expect, it } from "vitest";
import { assistantText, createToolRegistry, defineTool } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";

const tool = defineTool({
  name: "get_time",
  description: "the time",
  parameters: { type: "object", properties: {} },
  run: () => "noon",
});

describe("the agent's helpers, given the wrong thing", () => {
  it("defineTool() with nothing names the tool argument and its shape", () => {
    const error = refusal(() => (defineTool as unknown as () => unknown)());
    expect(error.code).toBe("usage");
    expect(error.where).toBe("tool");
    expect(error.message).toBe("defineTool needs a tool object, got nothing");
    expect(error.hint).toContain("{name, description, parameters");
  });

  it("createToolRegistry given a string or a hole in the list says which", () => {
    const error = refusal(() => createToolRegistry("x" as unknown as []));
    expect(error.code).toBe("usage");
    expect(error.where).toBe("tools");
    expect(error.message).toBe("createToolRegistry needs a list of tools, got a string");
    expect(error.hint).toContain("[defineTool({...})]");
    const hole = refusal(() => createToolRegistry([tool, undefined as unknown as typeof tool]));
    expect(hole.where).toBe("tools[1]");
    expect(hole.message).toBe("createToolRegistry needs a tool at tools[1], got nothing");
    // Left out, it is an empty registry, as before.
    expect(createToolRegistry().size).toBe(0);
    expect(createToolRegistry([tool]).names()).toEqual(["get_time"]);
  });

  it("assistantText(undefined) names the message argument and where one comes from", () => {
    const error = refusal(() => assistantText(undefined as unknown as { content: string }));
    expect(error.code).toBe("usage");
    expect(error.where).toBe("message");
    expect(error.message).toBe("assistantText needs an assistant message, got nothing");
    expect(error.hint).toContain("assistantText(result.message)");
    expect(assistantText({ content: "hi" })).toBe("hi");
  });
});
