/**
 * The gateway harness with its `kimi-code` provider on Kimi Code's Anthropic surface
 * (`api: "anthropic-messages"`, the base URL without `/v1`): the config edit, and the gateway the
 * tests of that api start with it.
 */
import { type GatewayEnv, type GatewayEnvOptions, startGatewayEnv } from "./harness.js";

/** The harness config's `kimi-code` provider moved to Kimi Code's Anthropic surface. */
export function kimiCodeOverAnthropic(config: Record<string, unknown>): void {
  const providers = (config.models as { providers: Record<string, Record<string, unknown>> })
    .providers;
  const kimiCode = providers["kimi-code"] as Record<string, unknown>;
  kimiCode.api = "anthropic-messages";
  kimiCode.baseUrl = String(kimiCode.baseUrl).replace(/\/v1$/, "");
}

/**
 * A gateway and simulator whose primary model is kimi-code/kimi-for-coding over Kimi Code's
 * Anthropic surface, with no fallbacks unless `options.fallbacks` names some; `editConfig` changes
 * the config after that move.
 */
export function startKimiCodeOverAnthropic(
  options: Omit<GatewayEnvOptions, "primary"> = {},
): Promise<GatewayEnv> {
  const { editConfig, ...rest } = options;
  return startGatewayEnv({
    primary: "kimi-code/kimi-for-coding",
    fallbacks: [],
    ...rest,
    editConfig: (config) => {
      kimiCodeOverAnthropic(config);
      editConfig?.(config);
    },
  });
}
