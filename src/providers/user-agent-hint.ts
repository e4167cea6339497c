/** The hint of Kimi Code's refusal of the client, by the User-Agent the request carried. */

import { formatPath } from "../config/index.js";
import { singleQuoted } from "../util/shell-word.js";
import type { ClassifyInput } from "./classify-input.js";

/** The User-Agent a request to `input.model` carried: the caller's word, else the model's headers. */
function sentUserAgent(input: Pick<ClassifyInput, "model" | "userAgent">): string | undefined {
  if (input.userAgent !== undefined) return input.userAgent ?? undefined;
  const headers = input.model.headers ?? {};
  const name = Object.keys(headers).find((key) => key.toLowerCase() === "user-agent");
  return name === undefined ? undefined : headers[name];
}

/**
 * The coding agents Kimi Code's refusal names ("Kimi CLI, Claude Code, Roo Code, Kilo Code"), as
 * their User-Agents start: one of these refused is taken for a version Kimi Code no longer serves.
 */
const CODING_AGENT_USER_AGENT =
  /^(kimicli|kimi-cli|claude-cli|claude-code|claudecode|roocode|roo-code|kilocode|kilo-code)\//i;

/**
 * Kimi Code's refusal of the client: which User-Agent went, and where to set one that wins. A
 * model's own headers win over its provider's (and the built-in kimi-for-coding sets one), so a
 * User-Agent that was sent and refused is changed on the model; one that was never sent can be
 * set for the whole provider.
 */
export function userAgentHint(input: Pick<ClassifyInput, "model" | "userAgent">): string {
  const { provider, id } = input.model;
  const lead = "Kimi Code only serves recognised coding agents and checks the User-Agent header";
  const sent = sentUserAgent(input);
  if (sent === undefined) {
    return `${lead}; this request to ${id} sent none. set the one the docs' config sends: openclaw config set ${singleQuoted(formatPath(["models", "providers", provider, "headers"]))} '{"User-Agent": "KimiCLI/0.77"}' (a User-Agent in a model's own headers would win over it)`;
  }
  if (!CODING_AGENT_USER_AGENT.test(sent)) {
    // Not an older agent but no agent at all (curl, an SDK's default): "a newer version" would
    // send the person looking for an upgrade of something Kimi Code never accepts.
    return `${lead}; this request to ${id} sent "User-Agent: ${sent}", which is not a coding agent's, and was refused; send kimi-cli's, as the docs' config does, in the model's own headers, which win over the provider's: the entry with id "${id}" in models.providers.${provider}.models ("headers": {"User-Agent": "KimiCLI/0.77"}; add the entry, with its id and name, if there is none), e.g. openclaw config set ${singleQuoted(formatPath(["models", "providers", provider, "models", 0, "headers", "User-Agent"]))} 'KimiCLI/0.77' when it is the first`;
  }
  return `${lead}; this request to ${id} sent "User-Agent: ${sent}" and was refused: Kimi Code may want a newer kimi-cli version (KimiCLI/<version>, as the current kimi-cli sends); set it in the model's own headers, which win over the provider's: the entry with id "${id}" in models.providers.${provider}.models ("headers": {"User-Agent": "KimiCLI/<version>"}; add the entry, with its id and name, if there is none), e.g. openclaw config set ${singleQuoted(formatPath(["models", "providers", provider, "models", 0, "headers", "User-Agent"]))} 'KimiCLI/<version>' when it is the first`;
}
