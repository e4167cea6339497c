/**
 * Whether a request carries the gateway's token, and the 401 that says what is wrong when it does
 * not: no token, one in the URL, a provider's or Anthropic's key, two headers, a locked-out
 * gateway. Every message names what to send instead.
 */
import type { IncomingMessage } from "node:http";
import { printable } from "../util/printable.js";
import {
  type AuthPolicy,
  authorize,
  hasBearerScheme,
  MIN_TOKEN_LENGTH,
  tokenQueryParameter,
} from "./auth.js";
import { copiedTokenSlip } from "./copied-token.js";
import { GatewayHttpError } from "./http-error.js";
import { duplicateAuthorization } from "./request-head.js";

/** Where the token a client must send comes from (said on a 401; never the token itself). */
const TOKEN_SOURCE =
  "openclaw config get gateway.auth.token --reveal prints it, unless OPENCLAW_GATEWAY_TOKEN sets it";

/**
 * The 401 for a request without a token. One sent in the URL (`?key=…`) is named: it is never read
 * (a URL is logged and kept where a header is not), and only "missing" would leave the client
 * puzzled.
 */
function missingTokenMessage(
  url: string,
  anthropic: boolean,
  sentApiKey: boolean,
  sentAzureKey: boolean,
  tokenFrom: string,
): string {
  // Where the token comes from, as the wrong-token 401 says: a first client knows neither.
  const send = `send Authorization: Bearer <gateway token>${anthropic ? " or x-api-key: <gateway token>" : ""} (${tokenFrom})`;
  const parameter = tokenQueryParameter(url);
  // An Anthropic SDK given the token as apiKey sends x-api-key on every route (models.list
  // included): "missing" alone would contradict the header it did send.
  if (parameter === undefined && sentApiKey && !anthropic)
    return `missing gateway token: x-api-key is read on Anthropic's routes only (/v1/messages, /v1/messages/count_tokens, and /v1/models with an anthropic-version header, as the Anthropic SDKs send it); here ${send}`;
  // Azure OpenAI's header, which a client set up for Azure (or a tool's "api-key header" option)
  // sends in place of Authorization: it carried a token, so "missing" alone would puzzle.
  if (parameter === undefined && sentAzureKey)
    return `missing gateway token: the api-key header (Azure OpenAI's) is not read here; ${send}`;
  return parameter === undefined
    ? `missing gateway token: ${send}`
    : `missing gateway token: the URL's query parameter ${JSON.stringify(printable(parameter))} is not read as one (a URL ends up in logs, proxies and shell histories); ${send}, and use a new token if this URL was shared or logged`;
}

/** The 401 of a gateway whose config asks for a token and sets none (AuthPolicy.lockedOut). */
const LOCKED_OUT = `this gateway has no token set: its config asks for one (gateway.auth.mode "token", the default) without gateway.auth.token, so it refuses every request until one is set there (openclaw config set gateway.auth.token <at least ${MIN_TOKEN_LENGTH} characters>) or the gateway is restarted, which creates one`;

/**
 * The 401 for a token that is not the gateway's. A provider's key (`sk-…`) is the usual mistake:
 * a client set up for Moonshot keeps its key when pointed at the gateway. Claude Code pointed at
 * it with ANTHROPIC_BASE_URL keeps sending an ANTHROPIC_API_KEY left in the environment
 * (`sk-ant-…`), which is not a key the gateway keeps: that one is named apart.
 */
function wrongTokenMessage(header: string, anthropic: boolean, tokenFrom: string): string {
  const presented = header.slice(7).trim();
  const unset = unsetTokenMessage(presented, tokenFrom);
  if (unset !== undefined) return unset;
  const slip = copiedTokenSlip(presented);
  if (slip !== undefined) return `incorrect gateway token: ${slip} (${tokenFrom})`;
  if (presented.startsWith("sk-ant-"))
    return `incorrect gateway token: this looks like an Anthropic API key (sk-ant-…), which this gateway does not use; send this gateway's own token (${tokenFrom})${anthropic ? "; for Claude Code, set ANTHROPIC_AUTH_TOKEN (or ANTHROPIC_API_KEY) to it" : ""}`;
  return presented.startsWith("sk-")
    ? `incorrect gateway token: this looks like a provider's API key (sk-…), which the gateway keeps itself; send this gateway's own token (${tokenFrom})`
    : `incorrect gateway token: send this gateway's own token (${tokenFrom})`;
}

/** The 401 for `Bearer` and no token: the variable meant to hold it is unset or empty. */
function emptyTokenMessage(tokenFrom: string): string {
  return `empty gateway token: Bearer came with no token after it, as when the variable meant to hold it is unset or empty (curl -H "Authorization: Bearer $TOKEN" with no TOKEN set); set it to this gateway's token (${tokenFrom})`;
}

/** A shell variable's name as written to be expanded: `$TOKEN`, `${TOKEN}`. */
const VARIABLE_NAME = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$/;

/**
 * The 401 for a token that is what a variable left unset or unexpanded gives: nothing
 * (`Bearer $TOKEN` with TOKEN unset or empty, which Node reads as a bare `Bearer`), JavaScript's
 * `undefined` or `null` (`Bearer ${token}` with token never set), or the variable's name itself (single
 * quotes in a shell, an .env or YAML file that expands nothing). "Incorrect token" would send the
 * user to check a token they never sent. Only these words and names are quoted, never a token.
 */
function unsetTokenMessage(presented: string, tokenFrom: string): string | undefined {
  if (presented === "") return emptyTokenMessage(tokenFrom);
  const send = `set it to this gateway's token (${tokenFrom})`;
  if (presented === "undefined" || presented === "null")
    return `incorrect gateway token: the token sent is the word "${presented}", what JavaScript writes for a variable that is not set (\`Bearer \${token}\` with token never set); ${send}`;
  if (VARIABLE_NAME.test(presented))
    return `incorrect gateway token: the token sent is the variable name ${presented}, not expanded (it was in single quotes, or in a file that expands no variables); send the token itself, or ${send} and let the shell expand it`;
  return undefined;
}

/**
 * The two headers of an Anthropic client, named without the words "x-api-key": Claude Code shows
 * any error whose message has them as "Invalid API key · Fix external API key" and drops the
 * message, and with it which key was wrong and where the token comes from. It sends both headers
 * when ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY are both set, the case this message is for.
 */
const BOTH_HEADERS =
  "Authorization and the API key header (either may carry it; Claude Code sends ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY in them)";

/**
 * Of two wrong tokens, the one worth naming: a key (`sk-…`) someone left set, whose hint says
 * what it is and which setting to change, else the x-api-key one.
 */
function likelierMistake(bearer: string, keyHeader: string): string {
  return hasBearerScheme(bearer) && bearer.slice(7).trim().startsWith("sk-") ? bearer : keyHeader;
}

/**
 * Throws the 401 (or the 400 for two Authorization headers) of a request `policy` does not let in.
 * `anthropic`: the token may come as `x-api-key` too, as Anthropic clients send it.
 */
export function requireAuth(policy: AuthPolicy, req: IncomingMessage, anthropic = false): void {
  const duplicated = duplicateAuthorization(req, policy.mode === "token");
  if (duplicated) throw duplicated;
  const apiKey = anthropic ? req.headers["x-api-key"] : undefined;
  const keyHeader = typeof apiKey === "string" ? `Bearer ${apiKey}` : undefined;
  const bearer = req.headers.authorization;
  // Either header may carry the token: Claude Code sends x-api-key from ANTHROPIC_API_KEY and
  // Authorization from ANTHROPIC_AUTH_TOKEN, and with both set the user means the one that
  // holds the gateway's token. Both are checked, so neither wins by its order.
  const byBearer = authorize(policy, bearer);
  const byKey = keyHeader !== undefined && authorize(policy, keyHeader);
  if (byBearer || byKey) return;
  // No token to match: the client's, right or wrong, is not what to fix (nor to print again).
  if (policy.mode === "token" && policy.lockedOut)
    throw new GatewayHttpError(401, "invalid_request_error", LOCKED_OUT, {
      code: "invalid_api_key",
      errorClass: "auth",
    });
  const header = bearer ?? keyHeader;
  const tokenFrom = (policy.mode === "token" && policy.tokenFrom) || TOKEN_SOURCE;
  // OpenAI's own answer to a bad key: SDKs tell it by the 401, and code says which refusal.
  throw new GatewayHttpError(
    401,
    "invalid_request_error",
    header === undefined
      ? missingTokenMessage(
          req.url ?? "/",
          anthropic,
          req.headers["x-api-key"] !== undefined,
          req.headers["api-key"] !== undefined,
          tokenFrom,
        )
      : bearer !== undefined && keyHeader !== undefined
        ? `incorrect gateway token in both ${BOTH_HEADERS}: ${wrongTokenMessage(likelierMistake(bearer, keyHeader), anthropic, tokenFrom).replace(/^(incorrect|empty) gateway token: /, "")}`
        : header.trim().toLowerCase() === "bearer"
          ? emptyTokenMessage(tokenFrom)
          : !hasBearerScheme(header)
            ? "the Authorization header does not start with Bearer: send it as Authorization: Bearer <gateway token> (a token alone, or Basic auth, is not read)"
            : wrongTokenMessage(header, anthropic, tokenFrom),
    { code: "invalid_api_key", errorClass: "auth" },
  );
}
