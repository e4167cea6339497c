/**
 * The library: the same modules the CLI and the gateway use. Data flows one way:
 * config → catalog → runtime → provider → events.
 */
export * from "./agent/index.js";
export * from "./auth/index.js";
export * from "./catalog/index.js";
export {
  type AgentModelEntry,
  type AuthProfileConfig,
  agentDir,
  applyEnvBlock,
  ConfigError,
  type ConfigIssue,
  configJsonSchema,
  type Env,
  expandTemplate,
  type GatewayConfig,
  type LoadedConfig,
  type LoadOptions,
  loadConfig,
  loadConfigObject,
  MissingVariableError,
  type ModelConfig,
  type ModelSelection,
  type OpenClawConfig,
  type ProviderConfig,
  readConfigFileForEdit,
  resolveConfigPath,
  resolveStateDir,
  setConfigValue,
  tryExpandTemplate,
  unsetConfigValue,
  validateConfig,
  writeConfigFile,
} from "./config/index.js";
export {
  isOpenClawError,
  OpenClawError,
  type OpenClawErrorJson,
  UsageError,
} from "./errors.js";
export type { BuiltBackend } from "./gateway/backend.js";
// Types the gateway's options and handle mention (no code is loaded for them).
export type { ChatApi, LedgerRow, UsageLedger } from "./gateway/ledger.js";
export type { DiscoveryReport } from "./gateway/model-discovery.js";
export type { GatewayLimits, GatewayServer } from "./gateway/server.js";
// The gateway's start-up only: the usage report (which loads SQLite) stays out of the library's
// import cost.
export {
  DEFAULT_PORT,
  type GatewayTokenSource,
  type RunningGateway,
  type StartGatewayOptions,
  startGateway,
  type TokenSaved,
} from "./gateway/start.js";
export {
  type AccruedUsage,
  assistantText,
  buildChatRequest,
  classifyProviderError,
  createOpenAICompletionsTransport,
  getTransport,
  Http1Pool,
  type Http1PoolOptions,
  PROVIDER_ERROR_CLASSES,
  ProviderError,
  type ProviderErrorClass,
  type ProxySettings,
  proxySettingsFromEnv,
  type UpstreamDispatcher,
} from "./providers/index.js";
export type * from "./providers/types.js";
export * from "./runtime/index.js";
export {
  type AbortListener,
  Cancellation,
  type CancelSignal,
  toAbortSignal,
} from "./util/cancellation.js";
export { VERSION } from "./version.js";
