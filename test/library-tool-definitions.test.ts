/**
 * defineTool and createToolRegistry as a program author calls them, with the slips one makes: a
 * field misspelled (`descripton`, `paramaters`), left out (`run`) or of the wrong type, and plain
 * objects handed to the registry. Each is an OpenClawError when the tool is defined, naming the
 * field, not a tool sent without its description or a run whose first call fails mid-way.
 */
import { describe, expect, it } from "vitest";
import {
  type ChatMessage,
  createToolRegistry,
  defineTool,
  OpenClawError,
  runAgentToEnd,
  runSessionTurn,
} from "../src/index.js";
import { refusal } from "./helpers/thrown.js";

const parameters = { type: "object", properties: {} };
const run = () => "noon";
/** defineTool as plain JavaScript calls it, with whatever object. */
const define = defineTool as unknown as (tool: unknown) => unknown;
const registry = createToolRegistry as unknown as (tools: unknown) => unknown;

describe("defineTool refuses a tool it cannot send or run", () => {
  it("a misspelled field is named with the one meant", () => {
    const error = refusal(() =>
      define({ name: "get_time", descripton: "the time", parameters, run }),
    );
    expect(error.code).toBe("usage");
    expect(error.where).toBe("descripton");
    expect(error.message).toBe(
      'defineTool: a tool has no field "descripton" (did you mean description?)',
    );
    expect(error.hint).toContain("spell it description");

    const schema = refusal(() =>
      define({ name: "get_time", description: "the time", paramaters: parameters, run }),
    );
    expect(schema.code).toBe("usage");
    expect(schema.where).toBe("paramaters");
    expect(schema.message).toContain("did you mean parameters?");
  });

  it("a tool without run, or with run not a function, is refused before any call", () => {
    const missing = refusal(() =>
      define({ name: "get_time", description: "the time", parameters }),
    );
    expect(missing.code).toBe("usage");
    expect(missing.where).toBe("run");
    expect(missing.message).toBe(
      'defineTool: tool "get_time" needs run as a function (what a call of the tool does), got nothing',
    );
    expect(missing.hint).toContain("run(args) {...}");
    const text = refusal(() =>
      define({ name: "get_time", description: "the time", parameters, run: "x" }),
    );
    expect(text).toMatchObject({ code: "usage", where: "run" });
    expect(text.message).toContain("got a string");
  });

  it("a tool without a description is refused: the model would not know what it does", () => {
    const error = refusal(() => define({ name: "get_time", parameters, run }));
    expect(error).toMatchObject({ code: "usage", where: "description" });
    expect(error.message).toContain('tool "get_time" needs a description as a string');
  });
});

describe("createToolRegistry checks plain objects as defineTool does", () => {
  it("names the tool in the list and its field", () => {
    const good = defineTool({ name: "get_time", description: "the time", parameters, run });
    const error = refusal(() =>
      registry([good, { name: "get_date", description: "the date", parameters }]),
    );
    expect(error.code).toBe("usage");
    expect(error.where).toBe("tools[1].run");
    expect(error.message).toContain('createToolRegistry: tool "get_date" needs run as a function');

    const typo = refusal(() =>
      registry([{ name: "get_date", descriptoin: "the date", parameters, run }]),
    );
    expect(typo).toMatchObject({ code: "usage", where: "tools[0].descriptoin" });
    expect(typo.message).toContain("did you mean description?");
  });

  it("still takes a plain object with every field, and two tools of one name are refused", () => {
    const plain = { name: "get_date", description: "the date", parameters, run };
    expect((registry([plain]) as { names(): string[] }).names()).toEqual(["get_date"]);
    const twice = refusal(() => registry([plain, { ...plain }]));
    expect(twice).toMatchObject({ code: "invalid_tool", where: "tools[1]" });
  });
});

describe("a run's tools must be a registry", () => {
  const tool = defineTool({ name: "get_time", description: "the time", parameters, run });
  const user: ChatMessage = { role: "user", content: "what time is it?" };
  let streamed = 0;
  const runtime = {
    stream() {
      streamed++;
      throw new Error("no model call was expected");
    },
  };
  const untyped = <T>(value: unknown): T => value as T;

  async function rejection(call: () => Promise<unknown>): Promise<OpenClawError> {
    try {
      await call();
    } catch (error) {
      expect(error).toBeInstanceOf(OpenClawError);
      return error as OpenClawError;
    }
    throw new Error("expected a refusal");
  }

  it("a list of tools, not taken as no tools, is refused before any model call", async () => {
    const run = await rejection(() =>
      runAgentToEnd(untyped({ runtime, messages: [user], tools: [tool] })),
    );
    expect(run).toMatchObject({ code: "usage", where: "tools" });
    expect(run.message).toBe(
      "runAgentToEnd needs tools as a registry from createToolRegistry, got an array",
    );
    expect(run.hint).toBe("wrap the list: tools: createToolRegistry([...])");

    const recorded: unknown[] = [];
    const turn = await rejection(() =>
      runSessionTurn(
        untyped({
          runtime,
          history: [],
          user,
          record: (m: unknown) => recorded.push(m),
          recordUsage: () => {},
          tools: tool,
        }),
      ),
    );
    expect(turn).toMatchObject({ code: "usage", where: "tools" });
    expect(turn.message).toContain("runSessionTurn needs tools as a registry");
    expect(recorded).toEqual([]);
    expect(streamed).toBe(0);
  });

  it("tools: null is no tools, as it was before the check: the run goes on to the model", async () => {
    await expect(
      runAgentToEnd(untyped({ runtime, messages: [user], tools: null })),
    ).rejects.toThrow("no model call was expected");
    expect(streamed).toBe(1);
  });
});
