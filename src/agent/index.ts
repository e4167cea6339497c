/** The agent: the conversation loop, function tools, the CLI toolset and sessions on disk. */

export { imageOmitted, withoutHistoryImages } from "./history-images.js";
export {
  type AgentEvent,
  type AgentResult,
  type AgentRunOptions,
  DEFAULT_MAX_ROUNDS,
  runAgent,
  runAgentToEnd,
} from "./loop.js";
export { assertNotSessionFileName } from "./session-file-name.js";
export { type LockOptions, lockSession, type SessionLock } from "./session-lock.js";
export {
  type ModelSource,
  rememberModel,
  type SessionModel,
  sessionModel,
} from "./session-model.js";
export {
  INTERRUPTED_WHILE_THINKING,
  type PartialAnswer,
  partialOf,
  type RecordMeta,
  runSessionTurn,
  type SessionTurnOptions,
} from "./session-turn.js";
export {
  assertSessionId,
  type LoadedSession,
  loadSession,
  newSessionId,
  openSessionWriter,
  SESSION_VERSION,
  type SessionEvent,
  type SessionWriter,
  sessionPath,
  type UsageRecord,
} from "./sessions.js";
export {
  type AgentTool,
  createToolRegistry,
  defineTool,
  type ToolContext,
  type ToolOutcome,
  type ToolRegistry,
} from "./tools.js";
export { workspaceTools } from "./workspace-tools.js";
