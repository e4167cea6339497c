export { ensurePrivateDir, writeFileAtomic } from "../util/atomic-files.js";
export {
  type EditResult,
  isSecretPath,
  parseCliValue,
  setConfigValue,
  unsetConfigValue,
} from "./edit.js";
export {
  applyEnvBlock,
  type Env,
  type ExpandedTemplate,
  effectiveEnv,
  envBlockVariables,
  expandTemplate,
  hasTemplate,
  templateVariables,
  tryExpandTemplate,
} from "./env.js";
export { ConfigError, type ConfigIssue, formatIssue, MissingVariableError } from "./errors.js";
export {
  type LoadedConfig,
  type LoadOptions,
  loadConfig,
  type ValidationSource,
  validateConfig,
  validateEditedConfig,
} from "./load.js";
export { locateOrigin, type ValueOrigin } from "./origin.js";
export { getAtPath, parsePath, setAtPath, unsetAtPath } from "./path-expr.js";
export { agentDir, homeDir, resolveConfigPath, resolveStateDir, sessionsDir } from "./paths.js";
export {
  deepMerge,
  MAX_CONFIG_BYTES,
  parseJson5,
  readConfigTree,
  resolveConfigIncludes,
} from "./read.js";
export { configJsonSchema, IGNORED_TOP_LEVEL_SECTIONS } from "./schema.js";
export { formatPath, type PathSegment } from "./schema-dsl.js";
export {
  type ConfigTemplate,
  type ConfigTemplates,
  describeTemplatedValue,
  type ExpandedConfig,
  expandConfig,
  isPathWithin,
  mayShowExpansion,
  requireVariables,
  requireVariablesWithin,
  type TemplateSource,
} from "./templates.js";
export type * from "./types.js";
export {
  configTextOver,
  readConfigFileForEdit,
  serializeConfig,
  writeConfigFile,
} from "./write.js";
