/** The gateway: an OpenAI-compatible HTTP server in front of every configured provider. */
export { type AuthPolicy, authorize, generateToken, isLoopbackHost, tokenPolicy } from "./auth.js";
export { type BackendProblem, type BuiltBackend, buildBackend } from "./backend.js";
export { type ConfigWatcher, watchFiles } from "./config-watch.js";
export { GatewayHttpError, toHttpError } from "./http-error.js";
export { type ChatApi, type FellThroughAttempt, type LedgerRow, UsageLedger } from "./ledger.js";
export { configuredLedgerPath, ledgerLocation } from "./ledger-location.js";
export { GatewayMetrics } from "./metrics.js";
export { createModelDirectory, type GatewayModel, type ModelDirectory } from "./model-directory.js";
export { ChunkEncoder, completionBody } from "./openai-format.js";
export { ReasoningMemory } from "./reasoning-memory.js";
export { type RecentRequest, readRecentRequests } from "./recent-requests.js";
export type { RouteRefusal } from "./refused-routes.js";
export { leaveRunningNote, otherRunningGateways } from "./running-note.js";
export {
  createGatewayServer,
  DEFAULT_LIMITS,
  type GatewayBackend,
  type GatewayLimits,
  type GatewayServer,
  type GatewayServerOptions,
} from "./server.js";
export {
  bindAddress,
  DEFAULT_DRAIN_MS,
  DEFAULT_PORT,
  type RunningGateway,
  type StartGatewayOptions,
  startGateway,
  type TokenSaved,
} from "./start.js";
export {
  parseSince,
  readUsage,
  type UsageGroup,
  type UsageGrouping,
  type UsageReport,
} from "./usage-report.js";
export { type ParsedChatRequest, parseChatRequest } from "./validate-request.js";
