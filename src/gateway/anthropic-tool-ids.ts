/**
 * Tool-call ids on the Anthropic Messages route. Moonshot's ids (`functions.Bash:0`) have a dot
 * and a colon, and Anthropic's API takes a `tool_use.id` or `tool_use_id` only of letters, digits,
 * `_` and `-`: a Claude Code session recorded through the gateway and resumed against Anthropic
 * (or a proxy that checks ids the same way) was refused with a 400 (CLIProxyAPI#1872). So such an
 * id goes to the client as `toolu_kimi_` and its base64url, and is decoded back to the exact
 * upstream id when the client sends it again: Moonshot sees its own ids, and the reasoning memory,
 * keyed by the upstream's ids, finds its turns. An id that is safe already goes out as it is,
 * unless it begins with the marker, where it would be read back as an encoded one.
 */
import { quoted } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

/** The ids Anthropic's API takes. */
const ANTHROPIC_SAFE_ID = /^[A-Za-z0-9_-]+$/;

/**
 * What an encoded id begins with. Anthropic's own ids are `toolu_` and letters and digits, never
 * an `_` after that: a client's own id (a session begun on Anthropic) is not mistaken for one.
 */
export const ENCODED_TOOL_ID_PREFIX = "toolu_kimi_";

/** The upstream's tool-call id as the client is given it: Anthropic-safe, and reversible. */
export function anthropicToolId(upstreamId: string): string {
  // Nothing to encode: an empty id stays empty (the runtime names a call that had none).
  if (upstreamId === "") return upstreamId;
  if (ANTHROPIC_SAFE_ID.test(upstreamId) && !upstreamId.startsWith(ENCODED_TOOL_ID_PREFIX))
    return upstreamId;
  return ENCODED_TOOL_ID_PREFIX + Buffer.from(upstreamId, "utf8").toString("base64url");
}

/**
 * The client's id (`where`: the field, `messages[3].content[0].tool_use_id`) as the upstream made
 * it. Only an id with the marker is decoded; it must decode to the very id that encodes to it
 * (base64url in its one spelling, UTF-8 whole, an id that needed encoding), else it is a 400: sent
 * on as it is, it would answer no call upstream, and a guess could answer the wrong one.
 */
export function upstreamToolId(clientId: string, where: string): string {
  if (!clientId.startsWith(ENCODED_TOOL_ID_PREFIX)) return clientId;
  const decoded = Buffer.from(clientId.slice(ENCODED_TOOL_ID_PREFIX.length), "base64url").toString(
    "utf8",
  );
  if (decoded !== "" && anthropicToolId(decoded) === clientId) return decoded;
  throw badRequest(
    `${where} ${quoted(clientId)} begins with ${quoted(ENCODED_TOOL_ID_PREFIX)}, which marks a tool-call id this gateway encoded, but it does not decode to one: send the id exactly as the gateway's tool_use block had it (an id of your own must not begin with ${quoted(ENCODED_TOOL_ID_PREFIX)})`,
    where,
    "invalid_value",
  );
}

/**
 * The tool-call ids of one request, read as the upstream made them, and how to name them in an
 * error as the client sent them: a tool result that answers no call quotes its id, and the client
 * would not know `"functions.get_time:1"` for the `"toolu_kimi_…"` it sent.
 */
export class RequestToolIds {
  /** Each decoded id's client spelling, by the decoded id. */
  private readonly spelledAs = new Map<string, string>();

  /** The client's id at `where` as the upstream made it (see upstreamToolId). */
  upstream(clientId: string, where: string): string {
    const id = upstreamToolId(clientId, where);
    if (id !== clientId) this.spelledAs.set(id, clientId);
    return id;
  }

  /** `text` with each decoded id it quotes quoted as the client sent it. */
  asClientSpelled(text: string): string {
    let out = text;
    for (const [upstream, client] of this.spelledAs)
      out = out.split(JSON.stringify(upstream)).join(JSON.stringify(client));
    return out;
  }
}
