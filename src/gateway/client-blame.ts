/**
 * The field of the request as its client sent it that a failure is about. The runtime blames the
 * chat request the gateway built (`messages[2].content[1].image_url`, `tools[0].function…`); a
 * Messages or Responses client reads its own fields (`input[4].output[0].image_url`,
 * `tools[1].parameters`), so the blame is told again in those.
 */
import { isRecord, type JsonObject } from "../util/is-record.js";
import { completionsContextBlame } from "./completions-context-blame.js";
import type { ChatApi } from "./ledger.js";
import { completionsPartialBlame, prefillPartialBlame } from "./partial-mode-blame.js";
import { type Blame, blameRequest, earlierImageRefusal, IMAGE_FIELD } from "./request-blame.js";
import type { ImageOrigin } from "./responses-content-parts.js";
import { flatToolName } from "./responses-namespaces.js";
import type { ParsedChatRequest } from "./validate-request.js";

/** `messages[1].content[0]` in a hint, for a Responses request whose items it does not match. */
const MESSAGE_PATH = /messages\[\d+\](?:\.content(?:\[\d+\])?(?:\.image_url)?)?/g;

/** The part an image's refusal is about (`messages[2].content[1]`), when `param` is its URL. */
function imagePartOf(param: string): string | undefined {
  return param.endsWith(IMAGE_FIELD) ? param.slice(0, -IMAGE_FIELD.length) : undefined;
}

/** `found` naming `param`, its hint and its message (when it has one) told by `tell`. */
function retold(found: Blame, param: string, tell: (text: string) => string): Blame {
  return {
    ...found,
    param,
    hint: tell(found.hint),
    ...(found.message === undefined ? {} : { message: tell(found.message) }),
  };
}

/**
 * The position in the client's `list` of the tool the chat request holds at `chatIndex`, found
 * by its name (`nameOf` reads a client entry's), which the client's tools hold once only (two
 * of one name are refused unless alike): a tool given twice is sent once and allowed_tools
 * sends some only, so the chat request's indexes are not the client's. Undefined when no
 * entry has the name (a Responses namespace's functions go by a flat name of their own).
 */
function clientToolIndex(
  list: unknown,
  parsed: ParsedChatRequest,
  chatIndex: number,
  nameOf: (tool: JsonObject) => unknown,
): number | undefined {
  const name = parsed.request.tools?.[chatIndex]?.function.name;
  if (name === undefined || !Array.isArray(list)) return undefined;
  const index = list.findIndex((tool) => isRecord(tool) && nameOf(tool) === name);
  return index < 0 ? undefined : index;
}

/**
 * Where a Responses request's `tools` hold the chat request's function tool `chatIndex`
 * (`tools[2]`, or `tools[0].tools[1]` for a function of a namespace, which goes upstream by its
 * flat name): by its name, else by counting function tools (they keep their order, the web
 * search tools between them are left out). Counting is not done past a namespace: its functions
 * are not the client's top-level tools, and a wrong tool named is worse than none.
 */
function responsesToolPlace(
  body: unknown,
  parsed: ParsedChatRequest,
  chatIndex: number,
): string | undefined {
  const tools = (body as { tools?: unknown } | null)?.tools;
  if (!Array.isArray(tools)) return undefined;
  const named = clientToolIndex(tools, parsed, chatIndex, (tool) => tool.name);
  if (named !== undefined) return `tools[${named}]`;
  const flatName = parsed.request.tools?.[chatIndex]?.function.name;
  for (let i = 0; i < tools.length; i++) {
    const tool = tools[i];
    if (!isRecord(tool) || tool.type !== "namespace") continue;
    const inner = namespacedIndex(tool, flatName);
    if (inner !== undefined) return `tools[${i}].tools[${inner}]`;
  }
  let seen = -1;
  for (let i = 0; i < tools.length; i++) {
    const type = (tools[i] as { type?: unknown } | null)?.type;
    if (type === "namespace") return undefined;
    if (type !== "function") continue;
    seen++;
    if (seen === chatIndex) return `tools[${i}]`;
  }
  return undefined;
}

/** The position in namespace tool `tool` of its function going upstream as `flatName`. */
function namespacedIndex(tool: JsonObject, flatName: string | undefined): number | undefined {
  if (flatName === undefined || typeof tool.name !== "string" || !Array.isArray(tool.tools))
    return undefined;
  const namespace = tool.name;
  const index = tool.tools.findIndex(
    (inner: unknown) =>
      isRecord(inner) &&
      typeof inner.name === "string" &&
      flatToolName(namespace, inner.name) === flatName,
  );
  return index < 0 ? undefined : index;
}

/** A chat completions tool schema's blame (`tools[N]…`, `functions[N]…`) at the client's index. */
function chatToolBlame(found: Blame, parsed: ParsedChatRequest, body: unknown): Blame {
  const tool = CHAT_TOOL_PARAMETERS.exec(found.param);
  if (!tool) return found;
  const client = body as { tools?: unknown; functions?: unknown } | null;
  const index = parsed.legacyFunctions
    ? clientToolIndex(client?.functions, parsed, Number(tool[2]), (fn) => fn.name)
    : clientToolIndex(client?.tools, parsed, Number(tool[2]), (entry) =>
        isRecord(entry.function) ? entry.function.name : undefined,
      );
  return index === undefined ? found : { ...found, param: `${tool[1]}[${index}]${tool[3]}` };
}

/** Where a chat completions client's tool schema sits: `tools[N].function.parameters`, `functions[N].parameters`. */
const CHAT_TOOL_PARAMETERS = /^(tools|functions)\[(\d+)\]((?:\.function)?\.parameters)$/;

/**
 * The client's field a failure is about. The messages of a Responses request are built from
 * its input items, whose positions differ: an image is named by the `input` part it was
 * (`input[4].output[0].image_url`), anything else by `input`. Its tools are flat
 * (`tools[N].parameters`) and its web search tool is not among the chat request's.
 */
export function blameInClientTerms(
  error: unknown,
  parsed: ParsedChatRequest,
  dialect: ChatApi,
  body: unknown,
  names: {
    clientFields: ((text: string) => string) | undefined;
    clientImagePart: ((chatPart: string) => ImageOrigin | undefined) | undefined;
  },
): Blame | undefined {
  // A partial message the client did not send as such: the route's own words for it.
  if (dialect === "completions") {
    const partial = completionsPartialBlame(error);
    if (partial) return partial;
  }
  if (dialect === "messages") {
    const prefill = `messages[${parsed.request.messages.length - 1}]`;
    const partial = prefillPartialBlame(error, names.clientFields?.(prefill) ?? prefill);
    if (partial) return partial;
  }
  const found = blameRequest(error, parsed.request.messages, parsed.legacyFunctions);
  // A prompt too long for the model: the runtime's hint speaks of a conversation and a session.
  if (!found && dialect === "completions")
    return completionsContextBlame(error, parsed.request.maxTokens, body);
  if (!found) return found;
  if (dialect === "chat_completions") {
    const blame = chatToolBlame(found, parsed, body);
    const { clientPlaces } = parsed;
    return clientPlaces ? retold(blame, clientPlaces(blame.param), clientPlaces) : blame;
  }
  // A completion's messages are the gateway's, made around its prompt: the prompt is named.
  // Its other fields (`stop`) are the client's own.
  if (dialect === "completions")
    return found.param.startsWith("messages")
      ? { ...found, param: "prompt", hint: found.hint.replace(MESSAGE_PATH, "the prompt") }
      : found;
  const { clientFields, clientImagePart } = names;
  // Messages requests keep the tools' order; their messages may split (tool results apart, the
  // system prompt ahead) and their images move: the client's own fields, in the hint too. An
  // Anthropic image block has no `image_url`: the block itself is named.
  if (dialect === "messages" && clientFields) {
    const param = imagePartOf(found.param) ?? found.param;
    return { param: clientFields(param), hint: clientFields(found.hint) };
  }
  const tool = /^tools\[(\d+)\]\.function\.parameters$/.exec(found.param);
  if (tool) {
    const place = responsesToolPlace(body, parsed, Number(tool[1]));
    return place === undefined ? undefined : { ...found, param: `${place}.parameters` };
  }
  const general = (text: string) => text.replace(MESSAGE_PATH, "an input item");
  const chatPart = imagePartOf(found.param);
  if (chatPart === undefined) return { param: "input", hint: general(found.hint) };
  const origin = clientImagePart?.(chatPart);
  // An image of the conversation previous_response_id continues: its earlier turn is named.
  if (origin && "earlier" in origin && found.reason !== undefined)
    return earlierImageRefusal(origin.earlier, found.reason);
  if (origin && "input" in origin) {
    const inputPart = origin.input;
    const told = (text: string) => text.split(chatPart).join(inputPart);
    return retold(found, told(found.param), told);
  }
  // An image whose place is not known (none should be): no `input` part to name.
  return retold(found, "input", general);
}
