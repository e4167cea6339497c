/**
 * Function tools for the conversation loop. A tool is a name, a description, a JSON schema for
 * its arguments and a `run` function; the registry turns tools into the request's tool list and
 * runs the calls the model makes. A tool's failure goes back to the model as the tool result
 * (so it can correct itself) rather than ending the conversation.
 */
import { OpenClawError } from "../errors.js";
import type { ToolCall, ToolDefinition } from "../providers/types.js";
import { jsonSyntaxProblem } from "../util/json-scan.js";
import { passedValue } from "../util/passed-value.js";

export interface ToolContext {
  signal: AbortSignal | undefined;
  toolCallId: string;
}

export interface AgentTool<Args = Record<string, unknown>> {
  name: string;
  description: string;
  /** JSON schema of the arguments; the root must be `type: "object"` (Moonshot rejects others). */
  parameters: Record<string, unknown>;
  /** Returns the result the model will see: a string as is, anything else as JSON. */
  run(args: Args, context: ToolContext): unknown | Promise<unknown>;
}

/** The longest tool name taken: OpenAI's limit, which other endpoints share. */
const MAX_NAME = 64;

/**
 * Why `name` cannot be a tool's name, or undefined when it can. Any name the providers can be sent
 * is taken: one Moonshot refuses as it is (`fs.read`, `12306__query-tickets`) is sent in a form
 * it takes and the calls are mapped back (see `moonshotToolNames`). Refused are only names no
 * mapping makes sense of: empty or too long ones, ones with spaces or control characters (a
 * description in the wrong field), and `$…`, the names of Moonshot's built-in tools.
 */
function nameProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return "is not a string";
  if (name.length === 0) return "is empty";
  if (name.length > MAX_NAME) return `has ${name.length} characters, more than ${MAX_NAME}`;
  if (/[\s\p{Cc}]/u.test(name)) return "holds a space or a control character";
  if (name.startsWith("$")) return "starts with $, which marks Moonshot's built-in tools";
  return undefined;
}

/**
 * Throws (code `usage`) unless `tools` is a list of objects: plain JavaScript handing over one tool
 * or a name got `tools.forEach is not a function`, which names neither the argument nor the fix.
 */
function checkToolList(tools: unknown): void {
  if (!Array.isArray(tools)) {
    throw new OpenClawError(
      "usage",
      `createToolRegistry needs a list of tools, got ${passedValue(tools)}`,
      {
        where: "tools",
        hint: "pass an array of defineTool(...) results, e.g. [defineTool({...})]",
      },
    );
  }
  const index = tools.findIndex((tool) => typeof tool !== "object" || tool === null);
  if (index < 0) return;
  throw new OpenClawError(
    "usage",
    `createToolRegistry needs a tool at tools[${index}], got ${passedValue(tools[index])}`,
    { where: `tools[${index}]`, hint: "pass what defineTool({...}) returns, or leave it out" },
  );
}

/** Declares a tool, checking what the providers would reject later (name, schema root). */
export function defineTool<Args = Record<string, unknown>>(tool: AgentTool<Args>): AgentTool<Args> {
  // Plain JavaScript may call it with nothing: said as a usage error, not `tool.name` of undefined.
  const given: unknown = tool;
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    throw new OpenClawError("usage", `defineTool needs a tool object, got ${passedValue(given)}`, {
      where: "tool",
      hint: 'pass {name, description, parameters: {type: "object", properties: {...}}, run(args) {...}}',
    });
  }
  const problem = nameProblem(tool.name);
  if (problem !== undefined) {
    throw new OpenClawError(
      "invalid_tool",
      `tool name ${JSON.stringify(tool.name ?? null)} is not allowed: it ${problem}`,
      {
        where: "name",
        hint: `use 1 to ${MAX_NAME} characters without spaces, not starting with $; names Moonshot does not take as they are (fs.read, 12306__query-tickets) are sent in a form it takes and mapped back`,
      },
    );
  }
  const parameters: unknown = tool.parameters;
  if (typeof parameters !== "object" || parameters === null || tool.parameters.type !== "object") {
    throw new OpenClawError(
      "invalid_tool",
      `tool "${tool.name}": parameters must be a JSON schema with type "object"`,
      {
        where: "parameters.type",
        hint: 'wrap the arguments: {type: "object", properties: {...}}',
      },
    );
  }
  return tool;
}

export interface ToolOutcome {
  content: string;
  isError: boolean;
}

export interface ToolRegistry {
  readonly size: number;
  names(): string[];
  definitions(): ToolDefinition[];
  run(call: ToolCall, signal?: AbortSignal): Promise<ToolOutcome>;
}

/** The tools a run offers, by name (from `defineTool`); a name given twice is refused. */
export function createToolRegistry(tools: readonly AgentTool<never>[] = []): ToolRegistry {
  checkToolList(tools);
  const byName = new Map<string, AgentTool<never>>();
  const indexOf = new Map<string, number>();
  tools.forEach((tool, index) => {
    const first = indexOf.get(tool.name);
    if (first !== undefined) {
      // The model calls a tool by its name, so a second one of that name could never be called.
      throw new OpenClawError(
        "invalid_tool",
        `two tools are named "${tool.name}": tools[${first}] and tools[${index}]`,
        {
          where: `tools[${index}]`,
          hint: `rename one of them (e.g. "${tool.name}_2"), or leave one out if they are the same tool`,
        },
      );
    }
    byName.set(tool.name, tool);
    indexOf.set(tool.name, index);
  });
  return {
    get size() {
      return byName.size;
    },
    names: () => [...byName.keys()],
    definitions: () =>
      [...byName.values()].map((tool) => ({
        type: "function" as const,
        function: { name: tool.name, description: tool.description, parameters: tool.parameters },
      })),
    async run(call, signal) {
      const tool = byName.get(call.function.name);
      if (!tool) {
        return {
          content: `error: there is no tool named "${call.function.name}"; available: ${[...byName.keys()].join(", ") || "none"}`,
          isError: true,
        };
      }
      let args: unknown;
      try {
        args = call.function.arguments.trim() === "" ? {} : JSON.parse(call.function.arguments);
      } catch {
        return { content: invalidArgumentsText(call.function.arguments), isError: true };
      }
      if (typeof args !== "object" || args === null || Array.isArray(args)) {
        return { content: "error: the arguments must be a JSON object", isError: true };
      }
      try {
        const output = await tool.run(args as never, { signal, toolCallId: call.id });
        return {
          content: typeof output === "string" ? output : JSON.stringify(output),
          isError: false,
        };
      } catch (error) {
        if (signal?.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        return { content: `error: ${message}`, isError: true };
      }
    },
  };
}

/**
 * What the model is told when its call's arguments do not parse: where they stop being JSON and
 * why, so that it can send the call again fixed (Kimi models now and then drop a quote or a comma:
 * anomalyco/opencode#20650, MoonshotAI/kimi-cli#2165); "not valid JSON" alone gave it nothing to
 * go on, and it often sent the same call again. The arguments are not quoted back.
 */
function invalidArgumentsText(args: string): string {
  const problem = jsonSyntaxProblem(args);
  const where = problem
    ? ` (line ${problem.line}, column ${problem.column}: ${problem.reason})`
    : "";
  return `error: the arguments are not valid JSON${where}; call the tool again with its arguments as one JSON object`;
}
