/**
 * Function tools for the conversation loop. A tool is a name, a description, a JSON schema for
 * its arguments and a `run` function; the registry turns tools into the request's tool list and
 * runs the calls the model makes. A tool's failure goes back to the model as the tool result
 * (so it can correct itself) rather than ending the conversation.
 */
import { OpenClawError } from "../errors.js";
import { EMPTY_TOOL_RESULT } from "../providers/conversation-repair.js";
import type { ToolCall, ToolDefinition } from "../providers/types.js";
import { jsonSyntaxProblem } from "../util/json-scan.js";
import { unknownNamesWords, unknownOptionNames } from "../util/option-names.js";
import { passedValue } from "../util/passed-value.js";

/** What a tool's `run` is given beside its arguments. */
export interface ToolContext {
  /** Aborted when the run is cancelled or its time is up; a long tool should stop then. */
  signal: AbortSignal | undefined;
  /** The id of the model's call being answered. */
  toolCallId: string;
}

/** A function the model may call: what `defineTool` takes and gives. */
export interface AgentTool<Args = Record<string, unknown>> {
  /** The name the model calls it by: 1 to 64 characters, no space, not starting with `$`. */
  name: string;
  /** What it does and when to use it, for the model. */
  description: string;
  /** JSON schema of the arguments; the root must be `type: "object"` (Moonshot rejects others). */
  parameters: Record<string, unknown>;
  /**
   * Returns the result the model will see: a string as is, anything else as JSON, nothing
   * (`undefined`) as "(no output)".
   */
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

/** Every field a tool takes: a misspelled one (`descripton`) is refused, not sent as nothing. */
const TOOL_FIELDS = { name: true, description: true, parameters: true, run: true } as const;

/** The shape a tool is written in, for the hints of the errors that refuse one. */
const TOOL_SHAPE =
  '{name, description, parameters: {type: "object", properties: {...}}, run(args) {...}}';

/**
 * Throws unless `tool` is a tool the providers and the loop can use: every field spelled right
 * and of its type (code `usage`), a name they take and an object schema (code `invalid_tool`).
 * `call` is who checks it (`defineTool`), `at` where the tool was given (`tools[2].`, or "").
 */
function checkTool(call: string, tool: unknown, at: string): asserts tool is AgentTool<never> {
  if (typeof tool !== "object" || tool === null || Array.isArray(tool)) {
    throw new OpenClawError("usage", `${call} needs a tool object, got ${passedValue(tool)}`, {
      where: at === "" ? "tool" : at.slice(0, -1),
      hint: `pass ${TOOL_SHAPE}`,
    });
  }
  const unknown = unknownOptionNames(tool, TOOL_FIELDS);
  if (unknown !== undefined) {
    const words = unknownNamesWords(unknown, TOOL_FIELDS, "the fields a tool takes");
    throw new OpenClawError(
      "usage",
      `${call}: a tool has no field${unknown.length === 1 ? "" : "s"} ${words.listed}`,
      { where: unknown.map((name) => `${at}${name}`).join(", "), hint: words.hint },
    );
  }
  const fields = tool as Partial<Record<keyof typeof TOOL_FIELDS, unknown>>;
  const problem = nameProblem(fields.name);
  if (problem !== undefined) {
    throw new OpenClawError(
      "invalid_tool",
      `tool name ${JSON.stringify(fields.name ?? null)} is not allowed: it ${problem}`,
      {
        where: `${at}name`,
        hint: `use 1 to ${MAX_NAME} characters without spaces, not starting with $; names Moonshot does not take as they are (fs.read, 12306__query-tickets) are sent in a form it takes and mapped back`,
      },
    );
  }
  const name = JSON.stringify(fields.name);
  if (typeof fields.description !== "string") {
    // Left out, the model is told nothing of what the tool does or when to call it.
    throw new OpenClawError(
      "usage",
      `${call}: tool ${name} needs a description as a string (what the model reads to know when to call it), got ${passedValue(fields.description)}`,
      { where: `${at}description`, hint: `pass ${TOOL_SHAPE}` },
    );
  }
  const parameters = fields.parameters;
  if (
    typeof parameters !== "object" ||
    parameters === null ||
    !("type" in parameters) ||
    parameters.type !== "object"
  ) {
    throw new OpenClawError(
      "invalid_tool",
      `tool ${name}: parameters must be a JSON schema with type "object"`,
      {
        where: `${at}parameters.type`,
        hint: 'wrap the arguments: {type: "object", properties: {...}}',
      },
    );
  }
  if (typeof fields.run !== "function") {
    // Otherwise the first call of the tool, mid-run, told the model "tool.run is not a function".
    throw new OpenClawError(
      "usage",
      `${call}: tool ${name} needs run as a function (what a call of the tool does), got ${passedValue(fields.run)}`,
      { where: `${at}run`, hint: `pass ${TOOL_SHAPE}` },
    );
  }
}

/**
 * Declares a tool, checking what would fail later: a field misspelled or missing (`usage`), what
 * the providers would reject (name, schema root: `invalid_tool`).
 */
export function defineTool<Args = Record<string, unknown>>(tool: AgentTool<Args>): AgentTool<Args> {
  // Plain JavaScript may call it with anything: said as a usage error, not `tool.name` of undefined.
  checkTool("defineTool", tool, "");
  return tool;
}

/** What running one tool call gave: the text the model gets as the tool's result. */
export interface ToolOutcome {
  /** The tool's result as the model sees it, or the error it can read. */
  content: string;
  /** Whether `content` says why the call failed (no such tool, bad arguments, the tool threw). */
  isError: boolean;
}

/** The tools of a run by name, as createToolRegistry builds it (runAgent's `tools`). */
export interface ToolRegistry {
  /** How many tools it holds. */
  readonly size: number;
  /** The tools' names, in the order they were given. */
  names(): string[];
  /** The tools as a request offers them to the model (ChatRequest's `tools`). */
  definitions(): ToolDefinition[];
  /**
   * Runs the tool a call names with its arguments: what the tool gives, or an error the model can
   * read (no such tool, arguments that are no JSON object, what the tool threw) with `isError`.
   * Rejects only when `signal` was aborted.
   */
  run(call: ToolCall, signal?: AbortSignal): Promise<ToolOutcome>;
}

/** The tools a run offers, by name (from `defineTool`); a name given twice is refused. */
export function createToolRegistry(tools: readonly AgentTool<never>[] = []): ToolRegistry {
  checkToolList(tools);
  const byName = new Map<string, AgentTool<never>>();
  const indexOf = new Map<string, number>();
  tools.forEach((tool, index) => {
    // A tool written as a plain object, not through defineTool, is checked as defineTool checks it.
    checkTool("createToolRegistry", tool, `tools[${index}].`);
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
        return { content: toolResultText(output), isError: false };
      } catch (error) {
        if (signal?.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        return { content: `error: ${message}`, isError: true };
      }
    },
  };
}

/**
 * What the model gets back from a tool's `run`: a string as it is, anything else as JSON, and
 * nothing (a `run` that returns no value, or one JSON has no text for, such as a function) as
 * "(no output)". Before, such a result went as a tool message without content, which the
 * runtime refused as `request.messages[N].content`, ending the run at a message the program never wrote.
 */
function toolResultText(output: unknown): string {
  if (typeof output === "string") return output;
  return JSON.stringify(output) ?? EMPTY_TOOL_RESULT;
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

/**
 * Throws (code `usage`) unless a run's `tools` option is left out or a registry: a list of tools
 * (`tools: [weather]`) or one tool was taken as no tools at all, and the model answered without
 * them. `call` names the call (`runAgent`).
 */
export function checkToolsOption(call: string, tools: unknown): void {
  // null is left out, as for the other optional arguments of a run (and as it was before).
  if (tools === undefined || tools === null || isToolRegistry(tools)) return;
  const wrap = Array.isArray(tools)
    ? "wrap the list: tools: createToolRegistry([...])"
    : "pass tools: createToolRegistry([defineTool({...})]), or leave tools out";
  throw new OpenClawError(
    "usage",
    `${call} needs tools as a registry from createToolRegistry, got ${passedValue(tools)}`,
    { where: "tools", hint: wrap },
  );
}

/** Whether `tools` has what the loop asks of a registry. */
function isToolRegistry(tools: unknown): boolean {
  if (typeof tools !== "object" || tools === null) return false;
  const registry = tools as Partial<Record<keyof ToolRegistry, unknown>>;
  return (
    typeof registry.size === "number" &&
    typeof registry.names === "function" &&
    typeof registry.definitions === "function" &&
    typeof registry.run === "function"
  );
}
