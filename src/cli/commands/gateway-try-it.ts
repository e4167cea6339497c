/**
 * The lines under the gateway's start-up report that show a first-time user how to call it: the
 * base URL an OpenAI client takes, and a curl that proves the token works. The token itself is
 * never printed here: the commands read it from where it came from.
 */
import type { GatewayTokenSource } from "../../gateway/start.js";

/**
 * A shell expression for the token, by where the gateway took it from. `configPrefix`: what the
 * command that reads the config needs in front in a plain shell (`OPENCLAW_STATE_DIR=<dir> ` for
 * a gateway started with its own state dir, `OPENCLAW_CONFIG_PATH=<file> ` with a config file of
 * its own); the command then goes on on a line of its own.
 */
function tokenExpression(
  source: GatewayTokenSource,
  configPrefix: string,
): { setup: string[]; value: string } {
  if (source === "environment") return { setup: [], value: "$OPENCLAW_GATEWAY_TOKEN" };
  const path = source === "env-block" ? "env.OPENCLAW_GATEWAY_TOKEN" : "gateway.auth.token";
  const command = `openclaw config get ${path} --reveal)`;
  return {
    setup: configPrefix
      ? [`  TOKEN=$(${configPrefix}\\`, `    ${command}`]
      : [`  TOKEN=$(${command}`],
    value: "$TOKEN",
  };
}

/**
 * `url` is where to call the gateway (no trailing slash); `tokenSource` undefined when it needs no
 * token; `configPrefix` as tokenExpression takes it. Each command is split with a backslash so that no line is wider than 60 columns for a
 * local address, and a line the terminal would have to wrap is never half a command.
 */
export function tryItLines(
  url: string,
  tokenSource: GatewayTokenSource | undefined,
  configPrefix = "",
): string[] {
  const base = `${url}/v1`;
  const lines = [
    `use it: an OpenAI client takes ${base} as its base URL${tokenSource ? " and the token as its API key" : ""}; to try it:`,
  ];
  // Claude Code and the Anthropic SDK add /v1/messages themselves: given the OpenAI base URL they
  // call /v1/v1/messages, the likeliest first mistake of a Claude Code user. The AI SDK's
  // Anthropic provider adds only /messages, so it takes the base with /v1. Said after the
  // commands, which stay together to be pasted.
  const anthropic = `Claude Code (ANTHROPIC_BASE_URL) and the Anthropic SDK take ${url}, without /v1${tokenSource ? ", and the token as their auth token" : ""} (the AI SDK's @ai-sdk/anthropic takes ${base})`;
  if (!tokenSource) return [...lines, `  curl ${base}/models`, anthropic];
  const token = tokenExpression(tokenSource, configPrefix);
  lines.push(...token.setup);
  lines.push(
    `  curl ${base}/models \\`,
    `    -H "Authorization: Bearer ${token.value}"`,
    anthropic,
  );
  return lines;
}
