/**
 * OpenAI's custom tools (`{"type": "custom"}`, whose input is free-form text, as Codex's
 * `apply_patch`) on models that call function tools only, as Moonshot's do: each goes upstream as
 * a function tool of one required string parameter, `input`, said to hold the whole text; the
 * model's call comes back as that text. A grammar (`format: {"type": "grammar"}`) cannot be
 * enforced upstream, so the model is shown it in the description and told it is not enforced.
 * Pure: no I/O.
 */
import { listedNames, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

type Obj = Record<string, unknown>;

/** The one parameter a custom tool's function takes. */
const INPUT = "input";

const HOW_TO_CALL = `This tool takes free-form text, not JSON fields: put the whole input for it in the "${INPUT}" string, exactly as the tool should receive it.`;

/** What the model is told of the tool's format: nothing for plain text, the grammar else. */
function formatNote(format: unknown, at: string): string | undefined {
  if (format === undefined || format === null) return undefined;
  if (!isRecord(format)) throw badRequest(`${at} must be an object`, at, "invalid_type");
  if (format.type === "text") return undefined;
  if (format.type !== "grammar") {
    throw badRequest(
      `${at}.type must be "text" or "grammar", got ${quoted(format.type)}`,
      `${at}.type`,
      "unsupported_value",
    );
  }
  if (format.syntax !== "lark" && format.syntax !== "regex") {
    throw badRequest(
      `${at}.syntax must be "lark" or "regex", got ${quoted(format.syntax)}`,
      `${at}.syntax`,
      "unsupported_value",
    );
  }
  if (typeof format.definition !== "string" || format.definition === "") {
    throw badRequest(
      `${at}.definition must be the grammar, a non-empty string`,
      `${at}.definition`,
      "invalid_type",
    );
  }
  const kind = format.syntax === "lark" ? "Lark grammar" : "regular expression";
  return `The input must match this ${kind}. Nothing enforces it: check the input against it before calling.\n${format.definition}`;
}

/** A custom tool (`tools[i]`, at `at`) as the chat function tool sent upstream. */
export function customToolAsFunction(tool: Obj, at: string): Obj {
  if (typeof tool.name !== "string" || tool.name === "")
    throw badRequest(`${at}.name must be a non-empty string`, `${at}.name`, "invalid_type");
  if (tool.description !== undefined && tool.description !== null) {
    if (typeof tool.description !== "string")
      throw badRequest(`${at}.description must be a string`, `${at}.description`, "invalid_type");
  }
  const given = typeof tool.description === "string" ? tool.description.trim() : "";
  const description = [given, HOW_TO_CALL, formatNote(tool.format, `${at}.format`)]
    .filter((part) => part !== undefined && part !== "")
    .join("\n\n");
  return {
    type: "function",
    function: {
      name: tool.name,
      description,
      parameters: {
        type: "object",
        properties: {
          [INPUT]: {
            type: "string",
            description: "The whole input for the tool, as free-form text.",
          },
        },
        required: [INPUT],
        additionalProperties: false,
      },
    },
  };
}

/** The names of a Responses request's custom tools (none when it has none). */
export function customToolNames(tools: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  if (!Array.isArray(tools)) return names;
  for (const tool of tools)
    if (isRecord(tool) && tool.type === "custom" && typeof tool.name === "string")
      names.add(tool.name);
  return names;
}

/**
 * A `tool_choice` naming a custom tool, or such an entry of its `allowed_tools`, names one of the
 * request's custom tools, as OpenAI requires. Upstream it is a function, so the chat check would
 * say "names function", a kind the client never asked for.
 */
export function checkCustomChoice(choice: unknown, tools: unknown): void {
  if (!isRecord(choice)) return;
  if (choice.type === "allowed_tools" && Array.isArray(choice.tools)) {
    choice.tools.forEach((entry, i) => {
      checkNamed(entry, tools, `tool_choice.tools[${i}]`);
    });
    return;
  }
  checkNamed(choice, tools, "tool_choice");
}

function checkNamed(choice: unknown, tools: unknown, at: string): void {
  if (!isRecord(choice) || choice.type !== "custom" || typeof choice.name !== "string") return;
  const name = choice.name;
  const custom = customToolNames(tools);
  if (custom.has(name)) return;
  const isFunction =
    Array.isArray(tools) &&
    tools.some((tool) => isRecord(tool) && tool.type === "function" && tool.name === name);
  const offered = [...custom];
  throw badRequest(
    isFunction
      ? `${at} names custom tool ${quoted(name)}, but tools declares it as a function tool: choose it as {"type": "function", "name": ${quoted(name)}}, or declare it as {"type": "custom"}`
      : `${at} names custom tool ${quoted(name)}, which is not among the custom tools of tools (${listedNames(offered, "none were sent")})`,
    at,
  );
}

/** A custom tool call's input as the arguments of the function call the model made. */
export function customCallArguments(input: string): string {
  return JSON.stringify({ [INPUT]: input });
}

/** The start of arguments whose first field is the input, up to its opening quote. */
const INPUT_START = new RegExp(`^\\s*\\{\\s*"${INPUT}"\\s*:\\s*"`);

const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * The input of a custom tool call read from its arguments as they stream (`{"input": "…`): each
 * fragment gives the text it adds. Escapes split between fragments wait for their end, and a
 * surrogate pair's halves are given together (a lone half is not text a client can decode).
 * Arguments of another shape give nothing here; `customInputOf` reads them once complete.
 */
export class CustomInputReader {
  private args = "";
  private state: "seeking" | "reading" | "ended" = "seeking";
  private pending = "";
  private highSurrogate = "";
  /** The input read so far. */
  text = "";

  private get reading(): boolean {
    return this.state === "reading";
  }

  /** Whether the arguments began as `{"input": "`, so that `text` is (the start of) the input. */
  get found(): boolean {
    return this.state !== "seeking";
  }

  push(fragment: string): string {
    if (this.state === "ended" || fragment === "") return "";
    let rest = fragment;
    if (this.state === "seeking") {
      this.args += fragment;
      const start = INPUT_START.exec(this.args);
      if (!start) return "";
      this.state = "reading";
      rest = this.args.slice(start[0].length);
      this.args = "";
    }
    let out = "";
    for (const char of rest) {
      out += this.take(char);
      if (!this.reading) break;
    }
    this.text += out;
    return out;
  }

  /** One character of the string's JSON text: what it adds to the input. */
  private take(char: string): string {
    if (this.pending === "") {
      if (char === "\\") {
        this.pending = char;
        return "";
      }
      if (char === '"') {
        this.state = "ended";
        return this.flushSurrogate();
      }
      return this.flushSurrogate() + char;
    }
    this.pending += char;
    if (this.pending.length === 2 && this.pending[1] !== "u") {
      const decoded = ESCAPES[char] ?? char;
      this.pending = "";
      return this.flushSurrogate() + decoded;
    }
    if (this.pending.length < 6) return "";
    const unit = Number.parseInt(this.pending.slice(2), 16);
    this.pending = "";
    const decoded = Number.isNaN(unit) ? "" : String.fromCharCode(unit);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const held = this.flushSurrogate();
      this.highSurrogate = decoded;
      return held;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff && this.highSurrogate !== "") {
      const pair = this.highSurrogate + decoded;
      this.highSurrogate = "";
      return pair;
    }
    return this.flushSurrogate() + decoded;
  }

  /** A high surrogate held back, given up when no low one follows it. */
  private flushSurrogate(): string {
    const held = this.highSurrogate;
    this.highSurrogate = "";
    return held;
  }
}

/**
 * A custom tool call's input from its complete arguments, after `streamed` was given of it: the
 * `input` string; when the arguments are not a whole object (cut off by the token cap) what was
 * read of it; when the model sent other fields, the arguments' text, for the client to see.
 */
export function customInputOf(args: string, streamed = ""): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    parsed = undefined;
  }
  if (isRecord(parsed)) {
    const input = parsed[INPUT];
    if (typeof input === "string" && input.startsWith(streamed)) return input;
  }
  if (streamed !== "") return streamed;
  // The whole text of a call read at once (not streamed), cut off inside its input.
  const reader = new CustomInputReader();
  reader.push(args);
  return reader.found ? reader.text : args;
}
