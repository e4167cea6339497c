/**
 * The gateway harness's config with its `kimi-code` provider on Kimi Code's Anthropic surface
 * (`api: "anthropic-messages"`, the base URL without `/v1`): the editConfig of the gateway tests
 * of that api.
 */
export function kimiCodeOverAnthropic(config: Record<string, unknown>): void {
  const providers = (config.models as { providers: Record<string, Record<string, unknown>> })
    .providers;
  const kimiCode = providers["kimi-code"] as Record<string, unknown>;
  kimiCode.api = "anthropic-messages";
  kimiCode.baseUrl = String(kimiCode.baseUrl).replace(/\/v1$/, "");
}
