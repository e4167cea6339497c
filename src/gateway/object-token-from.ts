/**
 * Where a refused client of a gateway started with a config object is told its token comes from:
 * the program that started it set it, in that object or its `env`. The file gateway's `openclaw
 * config get gateway.auth.token --reveal` reads the shell's config file, which holds another
 * gateway's token or none.
 */
import type { GatewayTokenSource } from "./gateway-token.js";

export function objectTokenFrom(source: GatewayTokenSource): string {
  const place =
    source === "environment"
      ? "OPENCLAW_GATEWAY_TOKEN in the env given to startGateway"
      : source === "env-block"
        ? "OPENCLAW_GATEWAY_TOKEN in the env block of the config object given to startGateway"
        : "gateway.auth.token of the config object given to startGateway"; // "config" (a gateway started with an object never creates one)
  return `the program that started this gateway set it: ${place}; openclaw config get does not read that object`;
}
