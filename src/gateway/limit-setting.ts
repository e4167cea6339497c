/**
 * Where one of the gateway's limits is set, as a refusal over it names it: the config's
 * `gateway.limits.<name>`, or the `limits.<name>` a program gave startGateway (which wins over the
 * config, so naming the config there would send the reader to a setting that changes nothing).
 * The server decides each limit's words once, at start; refusals only put them in.
 */
import type { GatewayLimits } from "../config/gateway-defaults.js";

export function limitSetting(name: keyof GatewayLimits, givenAtStart: boolean): string {
  return givenAtStart
    ? `limits.${name}, given to startGateway by the program that started it`
    : `gateway.limits.${name} in its config`;
}
