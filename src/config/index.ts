export { ensurePrivateDir, withWriteLocks, writeFileAtomic } from "../util/atomic-files.js";
export { type LeftOutKey, leftOutOfBackupNote } from "./backup-secrets.js";
export {
  type CliEnvPrefix,
  cliEnvPrefixFor,
  NO_CLI_ENV_PREFIX,
} from "./cli-env-prefix.js";
export { concealLoadedConfig } from "./conceal.js";
export {
  type ConfigEditOptions,
  type ConfigFileEdit,
  type EditResult,
  editConfigFile,
  isSecretPath,
  parseCliValue,
  type SetResult,
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
export { type IncludedOverride, prepareIncludedSet } from "./include-set.js";
export {
  CONFIG_OBJECT_PATH,
  type DisabledProvider,
  type EditedPath,
  type EditValidationOptions,
  type LoadedConfig,
  type LoadOptions,
  loadConfig,
  loadConfigObject,
  loadEditedConfig,
  type ProviderProblems,
  type ValidationSource,
  validateConfig,
  validateEditedConfig,
} from "./load.js";
export { type ConfigNotice, configNotices, sectionsWrittenTwice } from "./notices.js";
export {
  type ConfigValueLocator,
  configValueLocator,
  formatOrigin,
  includedOrigin,
  locateConfigValue,
  locateOrigin,
  type ValueOrigin,
} from "./origin.js";
export { getAtPath, parsePath, setAtPath, unsetAtPath } from "./path-expr.js";
export {
  explainMissingPath,
  type MissingPath,
  missingPathError,
  missingPathHint,
  shellPath,
} from "./path-hints.js";
export {
  agentDir,
  defaultConfigPath,
  homeDir,
  resolveConfigPath,
  resolveStateDir,
  sessionsDir,
} from "./paths.js";
export {
  deepMerge,
  escapeControls,
  MAX_CONFIG_BYTES,
  parseJson5,
  readConfigTree,
  resolveConfigIncludes,
} from "./read.js";
export { isCredentialValue, isSecretValue, redactConfigValue } from "./redact.js";
export {
  bareReferences,
  bareReferenceWords,
  notReferences,
  referenceNameHint,
} from "./reference-names.js";
export { configJsonSchema, IGNORED_TOP_LEVEL_SECTIONS } from "./schema.js";
export { formatPath, type PathSegment } from "./schema-dsl.js";
export {
  hasKeyShapedName,
  isSecretKeyName,
  looksLikeSecret,
  maskKeyShapedNames,
  maskSecret,
} from "./secret-names.js";
export { configSetTextWord } from "./set-text-word.js";
export { fullForm, withFullFormsAlong } from "./short-forms.js";
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
export { fullWidthInName } from "./wide-punctuation.js";
export {
  configTextOver,
  droppedCommentsWarning,
  hasComments,
  readConfigFileForEdit,
  serializeConfig,
  writeConfigFile,
} from "./write.js";
