/**
 * Checks what a caller hands the runtime from JavaScript (or JSON it parsed), where the types
 * do not reach: a message with a role nobody knows, content that is a number, a timeout that is
 * NaN. Each refusal is an OpenClawError `request.invalid` naming the field (`messages[2].role`),
 * as the gateway names the field of a client's request. Lean: one pass over the messages, no
 * copy, nothing changed; anything the runtime itself sends on (extra fields, `reasoning_content`,
 * `reasoning_signature`, `partial`) passes. Pure.
 */
import { OpenClawError } from "../errors.js";
import { type ChatRequest, THINKING_LEVELS, type Timeouts } from "../providers/types.js";
import { shortened } from "../util/client-value.js";
import {
  moreNames,
  namedPlaces,
  type OptionNames,
  unknownNamesWords,
  unknownOptionNames,
} from "../util/option-names.js";
import { MAX_TIMER_MS } from "../util/timer-limit.js";
import type { RetryPolicy, RunOptions } from "./types.js";

type Obj = Record<string, unknown>;

const THINKING: ReadonlySet<string> = new Set<string>(THINKING_LEVELS);

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `undefined`, `null`, `a string`, `an array`, `a number`, …: what was given instead. */
function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : `the number ${value}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The hint of a refusal that has none of its own: the message says what the field takes. */
function fixField(where: string): string {
  return `give ${where} as the message says, or leave it out if it is optional (the package's ChatRequest and RunOptions types describe every field)`;
}

function refuse(where: string, what: string, hint = fixField(where)): OpenClawError {
  return new OpenClawError("request.invalid", `${where} ${what}`, { where, hint });
}

const CONTENT_HINT =
  'give the text as a string, or an array of parts such as [{type: "text", text: "…"}]';

function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Text parts (any message) or text, image and video parts (a user's). */
function checkParts(parts: unknown[], at: string, images: boolean): void {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const here = `${at}[${i}]`;
    if (!isObject(part))
      throw refuse(here, `must be a content part object, got ${kindOf(part)}`, CONTENT_HINT);
    if (part.type === "text") {
      if (typeof part.text !== "string")
        throw refuse(`${here}.text`, `must be a string, got ${kindOf(part.text)}`);
    } else if (part.type === "image_url" && images) {
      const image = part.image_url;
      if (!isObject(image) || typeof image.url !== "string")
        throw refuse(
          `${here}.image_url.url`,
          "must be a string (an https: or data: URL)",
          "give the picture as a data: URL (data:image/png;base64,…) or an https: URL",
        );
    } else if (part.type === "video_url" && images) {
      const video = part.video_url;
      if (!isObject(video) || typeof video.url !== "string")
        throw refuse(
          `${here}.video_url.url`,
          "must be a string (a data: URL or ms://<file id>)",
          "give the video as a data: URL (data:video/mp4;base64,…) or as a file uploaded to Moonshot (ms://<file id>)",
        );
    } else {
      throw refuse(
        `${here}.type`,
        `must be ${images ? `"text", "image_url" or "video_url"` : `"text"`}, got ${kindOf(part.type)}`,
        images ? CONTENT_HINT : "only user messages carry images",
      );
    }
  }
}

function checkContent(message: Obj, at: string, required: boolean, images: boolean): void {
  const content = message.content;
  if (typeof content === "string") return;
  if (Array.isArray(content)) {
    checkParts(content, `${at}.content`, images);
    return;
  }
  if (!given(content) && !required) return;
  throw refuse(
    `${at}.content`,
    `must be a string or an array of content parts, got ${kindOf(content)}`,
    CONTENT_HINT,
  );
}

const TOOL_CALL_HINT =
  'each call is {id, type: "function", function: {name, arguments}}, arguments being JSON text';

function checkToolCalls(calls: unknown, at: string): void {
  if (!Array.isArray(calls))
    throw refuse(`${at}.tool_calls`, `must be an array, got ${kindOf(calls)}`, TOOL_CALL_HINT);
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    const here = `${at}.tool_calls[${i}]`;
    if (!isObject(call))
      throw refuse(here, `must be an object, got ${kindOf(call)}`, TOOL_CALL_HINT);
    if (typeof call.id !== "string") throw refuse(`${here}.id`, "must be a string", TOOL_CALL_HINT);
    if (call.id === "")
      throw refuse(
        `${here}.id`,
        "is empty",
        'keep the id the model gave the call, byte for byte (Moonshot answers an empty one with "tool_call_id is not found")',
      );
    const fn = call.function;
    if (!isObject(fn) || typeof fn.name !== "string")
      throw refuse(`${here}.function.name`, "must be a string", TOOL_CALL_HINT);
    if (typeof fn.arguments !== "string")
      throw refuse(
        `${here}.function.arguments`,
        "must be a string (JSON text)",
        "pass the arguments through JSON.stringify",
      );
  }
}

function checkMessage(message: unknown, at: string): void {
  if (!isObject(message))
    throw refuse(
      at,
      `must be a message object, got ${kindOf(message)}`,
      'a message is {role, content}, e.g. {role: "user", content: "Hi"}',
    );
  const role = message.role;
  if (given(message.name) && typeof message.name !== "string")
    throw refuse(`${at}.name`, `must be a string, got ${kindOf(message.name)}`);
  switch (role) {
    case "system":
    case "developer":
      checkContent(message, at, true, false);
      return;
    case "user":
      checkContent(message, at, true, true);
      return;
    case "tool":
      if (typeof message.tool_call_id !== "string" || message.tool_call_id === "")
        throw refuse(
          `${at}.tool_call_id`,
          message.tool_call_id === ""
            ? "is empty: it must be the id of the call this answers"
            : `must be a string (the id of the call this answers), got ${kindOf(message.tool_call_id)}`,
          "give the id of the assistant's tool call this result answers (tool_calls[i].id)",
        );
      checkContent(message, at, true, false);
      return;
    case "assistant":
      // Content may be absent (a tool-call turn, an answer cut off while thinking).
      checkContent(message, at, false, false);
      if (given(message.tool_calls)) checkToolCalls(message.tool_calls, at);
      if (given(message.reasoning_content) && typeof message.reasoning_content !== "string")
        throw refuse(`${at}.reasoning_content`, "must be a string");
      if (given(message.reasoning_signature) && typeof message.reasoning_signature !== "string")
        throw refuse(`${at}.reasoning_signature`, "must be a string");
      return;
    case "function":
      throw refuse(
        `${at}.role`,
        `is "function", OpenAI's deprecated form of a tool result, which the runtime does not take`,
        `send it as {role: "tool", tool_call_id: <the id of the assistant's tool call>, content}, and the assistant's function_call as tool_calls: [{id, type: "function", function: {name, arguments}}]`,
      );
    default:
      throw refuse(
        `${at}.role`,
        `must be one of system, developer, user, assistant, tool; got ${kindOf(role)}`,
        'use one of those roles: "user" for what a person says, "assistant" for the model\'s turns, "tool" (with tool_call_id) for a tool\'s result',
      );
  }
}

function checkTools(tools: unknown): void {
  if (!Array.isArray(tools))
    throw refuse("request.tools", `must be an array, got ${kindOf(tools)}`);
  for (let i = 0; i < tools.length; i++) {
    const tool = tools[i];
    const at = `request.tools[${i}]`;
    if (!isObject(tool) || (tool.type !== "function" && tool.type !== "builtin_function"))
      throw refuse(
        `${at}.type`,
        `must be "function" (or "builtin_function" for $web_search)`,
        'a tool is {type: "function", function: {name, description, parameters}}; defineTool builds one',
      );
    const fn = tool.function;
    if (!isObject(fn) || typeof fn.name !== "string" || fn.name === "")
      throw refuse(`${at}.function.name`, "must be a non-empty string");
    if (given(fn.parameters) && !isObject(fn.parameters))
      throw refuse(`${at}.function.parameters`, "must be a JSON schema object");
  }
}

function checkToolChoice(choice: unknown): void {
  if (choice === "auto" || choice === "none" || choice === "required") return;
  if (isObject(choice) && choice.type === "function" && isObject(choice.function)) {
    if (typeof choice.function.name === "string") return;
  }
  throw refuse(
    "request.toolChoice",
    `must be "auto", "none", "required" or {type: "function", function: {name}}, got ${kindOf(choice)}`,
    'leave it out for "auto"',
  );
}

function numberIn(value: unknown, at: string, min: number, max: number, integer = false): void {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw refuse(
      at,
      `must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got ${kindOf(value)}`,
      "give a number in that range, or leave it out for the default",
    );
  }
}

function checkStringRecord(value: unknown, at: string): void {
  if (!isObject(value)) throw refuse(at, `must be an object, got ${kindOf(value)}`);
  for (const key in value) {
    if (typeof value[key] !== "string") throw refuse(`${at}.${key}`, "must be a string");
  }
}

/** Every field of a request, listed once (TypeScript refuses the list when ChatRequest changes). */
const REQUEST_NAMES = {
  messages: true,
  tools: true,
  toolChoice: true,
  maxTokens: true,
  temperature: true,
  topP: true,
  stop: true,
  thinking: true,
  thinkingAsked: true,
  thinkingOptions: true,
  noThinkingSwitch: true,
  promptCacheKey: true,
  headers: true,
  extraBody: true,
} as const satisfies OptionNames<ChatRequest>;

/** What to do with a request field named as in an OpenAI chat body, where no near name says it. */
const REQUEST_FIELD_MOVES: ReadonlyMap<string, (value: unknown) => string> = new Map([
  [
    "model",
    (value: unknown) =>
      `the model is the run's own option, beside request: complete({model: ${typeof value === "string" ? JSON.stringify(value.slice(0, 80)) : '"moonshot/kimi-k2.5"'}, request})`,
  ],
  [
    "stream",
    () =>
      "call runtime.stream(options) for a stream of events, runtime.complete(options) for the whole answer",
  ],
]);

/**
 * Request fields the runtime does not read: an OpenAI habit (`max_tokens`, `model` inside the
 * request) would otherwise be dropped without a word, the answer uncapped or from the default
 * model. Body fields meant for the provider as they are go in `extraBody`. A name that has a
 * move of its own (`model`, `stream`) is told that move, not to be left out, also among others.
 */
function checkRequestNames(request: Obj): void {
  const unknown = unknownOptionNames(request, REQUEST_NAMES);
  if (unknown === undefined) return;
  const words = unknownNamesWords(unknown, REQUEST_NAMES, "the fields a request takes");
  const first = words.named[0];
  if (first === undefined) return;
  // A Map, not an object literal: a field named toString or __proto__ finds no move there.
  const moveOf = (name: string, near: string | undefined) =>
    near ? undefined : REQUEST_FIELD_MOVES.get(name);
  const moves: string[] = [];
  const plain: string[] = [];
  for (const { name, near } of words.named) {
    const move = moveOf(name, near);
    if (move) moves.push(`request.${name}: ${move(request[name])}`);
    else plain.push(name);
  }
  // Only the first few are named (a body of thousands of made-up keys), the rest counted.
  const others = words.named.slice(1).map(({ name }) => `request.${shortened(name)}`);
  const nor = others.length > 0 ? `, nor ${others.join(", ")}${moreNames(unknown.length)}` : "";
  const message = `request.${shortened(first.name)} is not a field of a request${first.near ? ` (did you mean request.${first.near}?)` : ""}${nor}`;
  const toExtraBody = "a field for the provider's body as it is goes in request.extraBody";
  const firstMove = moveOf(first.name, first.near);
  let hint: string;
  if (unknown.length === 1 && firstMove) hint = firstMove(request[first.name]);
  else if (plain.length === words.named.length) hint = `${words.hint}; ${toExtraBody}`;
  else {
    const restWords = unknownNamesWords(plain, REQUEST_NAMES, "the fields a request takes");
    const rest =
      plain.length === 0
        ? undefined
        : `${plain.length === 1 ? `request.${shortened(plain[0] ?? "")}: ` : ""}${restWords.hint}; ${toExtraBody}`;
    const unnamed =
      words.more > 0 ? [`the ${words.more} more fields not named here: fix or leave them out`] : [];
    hint = [...moves, ...(rest ? [rest] : []), ...unnamed].join("; ");
  }
  throw new OpenClawError("request.invalid", message, {
    where: namedPlaces(unknown, "request."),
    hint,
  });
}

function checkChatRequest(request: unknown): void {
  const example = 'pass request: {messages: [{role: "user", content: "Hi"}]}';
  if (!isObject(request))
    throw refuse("request", `must be an object with messages, got ${kindOf(request)}`, example);
  checkRequestNames(request);
  const messages = request.messages;
  if (!Array.isArray(messages))
    throw refuse(
      "request.messages",
      `must be an array of messages, got ${kindOf(messages)}`,
      example,
    );
  if (messages.length === 0)
    throw refuse("request.messages", "is empty", "give at least one message (a user's question)");
  for (let i = 0; i < messages.length; i++) checkMessage(messages[i], `request.messages[${i}]`);
  if (given(request.tools)) checkTools(request.tools);
  if (given(request.toolChoice)) checkToolChoice(request.toolChoice);
  if (given(request.maxTokens)) numberIn(request.maxTokens, "request.maxTokens", 1, 2 ** 31, true);
  if (given(request.temperature)) numberIn(request.temperature, "request.temperature", 0, 2);
  if (given(request.topP)) numberIn(request.topP, "request.topP", 0, 1);
  const stop = request.stop;
  if (
    given(stop) &&
    typeof stop !== "string" &&
    !(Array.isArray(stop) && stop.every((entry) => typeof entry === "string"))
  ) {
    throw refuse("request.stop", `must be a string or an array of strings, got ${kindOf(stop)}`);
  }
  const thinking = request.thinking;
  if (given(thinking) && (typeof thinking !== "string" || !THINKING.has(thinking))) {
    throw refuse(
      "request.thinking",
      `must be one of ${[...THINKING].join(", ")}; got ${kindOf(thinking)}`,
      "give one of those levels, or leave it out for the model's default",
    );
  }
  if (given(request.thinkingOptions) && !isObject(request.thinkingOptions))
    throw refuse("request.thinkingOptions", "must be an object");
  if (given(request.promptCacheKey) && typeof request.promptCacheKey !== "string")
    throw refuse("request.promptCacheKey", "must be a string");
  if (given(request.headers)) checkStringRecord(request.headers, "request.headers");
  if (given(request.extraBody) && !isObject(request.extraBody))
    throw refuse("request.extraBody", "must be an object");
}

const TIMEOUT_NAMES = {
  firstByteMs: true,
  idleMs: true,
  totalMs: true,
} as const satisfies OptionNames<Timeouts>;

const RETRY_NAMES = {
  maxAttempts: true,
  baseDelayMs: true,
  maxDelayMs: true,
} as const satisfies OptionNames<RetryPolicy>;

/**
 * Names inside `timeouts` or `retry` that they do not take: plain JavaScript passes
 * `{ timeouts: { firstByte: 300 } }` or `{ retry: { attempts: 1 } }` without a word, and the run
 * would wait 120 s or try three times, as if no limit had been given.
 */
function checkInnerNames(
  value: Obj,
  field: "timeouts" | "retry",
  accepted: Readonly<Record<string, true>>,
): void {
  const unknown = unknownOptionNames(value, accepted);
  if (unknown === undefined) return;
  // The words startGateway's timeouts option uses: "timeouts.firstByte is not a timeout".
  const [one, many] =
    field === "timeouts" ? ["a timeout", "timeouts"] : ["a retry setting", "retry settings"];
  const words = unknownNamesWords(unknown, accepted, `the names ${field} takes`);
  const only = words.named.length === 1 ? words.named[0] : undefined;
  const message = only
    ? `${field}.${shortened(only.name)} is not ${one}${only.near ? ` (did you mean ${only.near}?)` : ""}`
    : `${words.listed} are not ${many}`;
  throw new OpenClawError("request.invalid", message, {
    where: namedPlaces(unknown, `${field}.`),
    hint: words.hint,
  });
}

function checkTimeouts(timeouts: unknown): void {
  if (!isObject(timeouts))
    throw refuse("timeouts", `must be an object of milliseconds, got ${kindOf(timeouts)}`);
  checkInnerNames(timeouts, "timeouts", TIMEOUT_NAMES);
  for (const name of ["firstByteMs", "idleMs", "totalMs"] as const) {
    const value = timeouts[name];
    if (value === undefined) continue;
    // 0 is no limit, as in gateway.timeouts (the transport sets no timer for it).
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS)
      throw refuse(
        `timeouts.${name}`,
        `must be a number of milliseconds from 0 (no limit) to ${MAX_TIMER_MS}, got ${kindOf(value)}`,
        "leave it out for the default",
      );
  }
}

/** The run's time budget: milliseconds, as a timeout (0 is no limit). */
function checkBudget(budget: unknown): void {
  if (typeof budget !== "number" || !Number.isFinite(budget) || budget < 0 || budget > MAX_TIMER_MS)
    throw refuse(
      "budgetMs",
      `must be a number of milliseconds from 0 (no limit) to ${MAX_TIMER_MS}, got ${kindOf(budget)}`,
      "leave it out for no limit but timeouts",
    );
}

function checkRetry(retry: unknown): void {
  if (!isObject(retry)) throw refuse("retry", `must be an object, got ${kindOf(retry)}`);
  checkInnerNames(retry, "retry", RETRY_NAMES);
  if (retry.maxAttempts !== undefined)
    numberIn(retry.maxAttempts, "retry.maxAttempts", 1, 100, true);
  if (retry.baseDelayMs !== undefined)
    numberIn(retry.baseDelayMs, "retry.baseDelayMs", 0, MAX_TIMER_MS);
  if (retry.maxDelayMs !== undefined)
    numberIn(retry.maxDelayMs, "retry.maxDelayMs", 0, MAX_TIMER_MS);
}

/**
 * A runtime's own `retry` option (`openRuntime`, `createRuntime`), checked as a run's is: a
 * misspelt name (`attempts`) or a count that is no number would leave every run on the default
 * policy. Throws code `usage`, as those calls do for their other options, with `call` named.
 */
export function checkRuntimeRetry(call: string, retry: unknown): void {
  if (!given(retry)) return;
  try {
    checkRetry(retry);
  } catch (error) {
    if (!(error instanceof OpenClawError)) throw error;
    throw new OpenClawError("usage", `${call}'s ${error.message}`, {
      ...(error.where !== undefined ? { where: error.where } : {}),
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
    });
  }
}

/**
 * A transport's own `timeouts` option (`createOpenAICompletionsTransport`), checked as a run's
 * is: a misspelt name (`firstByte`) or a limit that is no number of milliseconds would leave every
 * call on the default. Throws code `usage`, with `call` named.
 */
export function checkRuntimeTimeouts(call: string, timeouts: unknown): void {
  if (!given(timeouts)) return;
  try {
    checkTimeouts(timeouts);
  } catch (error) {
    if (!(error instanceof OpenClawError)) throw error;
    throw new OpenClawError("usage", `${call}'s ${error.message}`, {
      ...(error.where !== undefined ? { where: error.where } : {}),
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
    });
  }
}

/** Every option of a run, listed once (TypeScript refuses the list when RunOptions changes). */
const RUN_OPTION_NAMES = {
  model: true,
  request: true,
  signal: true,
  timeouts: true,
  retry: true,
  budgetMs: true,
  context: true,
  exactTokenCount: true,
  webSearch: true,
} as const satisfies OptionNames<RunOptions>;

/**
 * Names the run does not take: JavaScript passes `{ sginal }` or `{ timeout: 5000 }` without a
 * word, and the run would go on without the caller's cancellation or limit. Every such name is
 * told at once, each with the nearest option, as startGateway and openRuntime tell theirs.
 */
function checkNames(options: Obj): void {
  const unknown = unknownOptionNames(options, RUN_OPTION_NAMES);
  if (unknown === undefined) return;
  const words = unknownNamesWords(
    unknown,
    RUN_OPTION_NAMES,
    "the options complete, stream and relay take",
  );
  const only = words.named.length === 1 ? words.named[0] : undefined;
  // `complete({ messages })`, as an OpenAI client takes them: they go inside request.
  const inRequest = unknown.filter((name) => Object.hasOwn(REQUEST_NAMES, name));
  const message = only
    ? `${JSON.stringify(shortened(only.name))} is not an option of a run${only.near ? ` (did you mean ${only.near}?)` : inRequest.length > 0 ? ` (it goes inside request)` : ""}`
    : `${words.listed} are not options of a run`;
  throw new OpenClawError("request.invalid", message, {
    where: namedPlaces(unknown),
    hint:
      inRequest.length > 0
        ? `put ${inRequest.join(", ")} inside request: {request: {messages: [{role: "user", content: "Hi"}]}}; ${words.hint}`
        : words.hint,
  });
}

/**
 * Throws `request.invalid` (an OpenClawError whose `where` is the field's path) when `options`,
 * a run's options as `complete`, `stream` and `relay` take them, has a field of the wrong kind
 * or one they do not take.
 */
export function checkRunOptions(options: unknown): void {
  if (!isObject(options))
    throw refuse(
      "options",
      `must be an object ({request: {messages}}), got ${kindOf(options)}`,
      'pass {request: {messages: [{role: "user", content: "Hi"}]}}',
    );
  checkNames(options);
  if (given(options.model) && (typeof options.model !== "string" || options.model.trim() === ""))
    throw refuse(
      "model",
      `must be a model ref or alias (a non-empty string), got ${kindOf(options.model)}`,
      'name one such as "moonshot/kimi-k2.5" or an alias, or leave it out for the default model',
    );
  checkChatRequest(options.request);
  if (given(options.timeouts)) checkTimeouts(options.timeouts);
  if (given(options.retry)) checkRetry(options.retry);
  if (given(options.budgetMs)) checkBudget(options.budgetMs);
  const context = options.context;
  if (given(context) && context !== "error" && context !== "drop-oldest")
    throw refuse(
      "context",
      `must be "error" or "drop-oldest", got ${kindOf(context)}`,
      "give one of those, or leave it out for the default",
    );
  for (const flag of ["exactTokenCount", "webSearch"] as const) {
    if (given(options[flag]) && typeof options[flag] !== "boolean")
      throw refuse(
        flag,
        `must be true or false, got ${kindOf(options[flag])}`,
        "give true or false, or leave it out (false)",
      );
  }
  const signal = options.signal;
  if (
    given(signal) &&
    (!isObject(signal) ||
      typeof signal.aborted !== "boolean" ||
      typeof signal.addEventListener !== "function")
  ) {
    throw refuse(
      "signal",
      "must be an AbortSignal (or shaped like one: aborted, addEventListener)",
      "pass an AbortController's signal, or a Cancellation",
    );
  }
}

/**
 * What is wrong with `message` (its fields named from `at`: `message.content`), or undefined
 * when the runtime would take it: a session file read back is checked line by line with this.
 */
export function messageProblem(message: unknown, at: string): OpenClawError | undefined {
  try {
    checkMessage(message, at);
    return undefined;
  } catch (error) {
    if (error instanceof OpenClawError) return error;
    throw error;
  }
}

/** `checkRunOptions` as a value: the refusal, or undefined when the options are fine. */
export function runOptionsProblem(options: unknown): OpenClawError | undefined {
  try {
    checkRunOptions(options);
    return undefined;
  } catch (error) {
    if (error instanceof OpenClawError) return error;
    throw error;
  }
}
