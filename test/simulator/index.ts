/** The Moonshot / Kimi Code simulator: public surface for tests, benchmarks and the CLI. */
export { errorBody, SIM_ERRORS, type SimError, type SimErrorName } from "./errors.js";
export { DEFAULT_SIM_MODELS, type SimModel } from "./models.js";
export { DEFAULT_ALLOWED_USER_AGENTS, SIM_KEYS, startSimulator } from "./server.js";
export type {
  SimKeys,
  SimRecordedRequest,
  SimRegion,
  SimReply,
  SimRespond,
  SimRule,
  SimStreamShape,
  SimSurface,
  SimToolCallSpec,
  Simulator,
  SimulatorOptions,
} from "./types.js";
