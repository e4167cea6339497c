/**
 * The codes the library's OpenClawErrors carry, for a program that branches on `error.code`. The
 * set is open: an error a program's own callback threw comes back with the program's code, so
 * `OpenClawErrorCode` takes any string while an editor still offers the known ones.
 * test/error-codes.test.ts reads every place src/ makes an error and fails on a code missing here.
 */
import type { KeyShapeProblem } from "./auth/key-shape.js";
import { PROVIDER_ERROR_CLASSES, type ProviderErrorClass } from "./providers/errors.js";

/** Codes spelled out where the error is made. */
const FIXED_CODES = [
  // The config file and its includes (ConfigError, MissingVariableError).
  "config.cut_path",
  "config.header_invalid",
  "config.in_include",
  "config.include_cycle",
  "config.include_depth",
  "config.include_invalid",
  "config.include_needs_file",
  "config.include_not_file",
  "config.include_not_object",
  "config.include_outside",
  "config.invalid",
  "config.missing_env",
  "config.not_found",
  "config.not_object",
  "config.not_set",
  "config.params_invalid",
  // The state directory is a file, or under one (openRuntime, startGateway, the usage reads).
  "config.state_dir_not_directory",
  "config.syntax",
  "config.too_deep",
  "config.too_large",
  "config.unknown_key",
  "config.unreadable",
  // A model name that names no usable model (ModelRefError, UnusableDefaultChainError).
  "model.alias_unusable",
  "model.ambiguous",
  "model.empty",
  "model.no_default",
  "model.not_allowed",
  "model.provider_broken",
  "model.unknown",
  "model.unknown_provider",
  // The credential store (auth-profiles.json).
  "auth.store_invalid",
  "auth.store_unreadable",
  // A request the runtime refuses before sending it.
  "request.header_invalid",
  "request.image_unsupported",
  "request.invalid",
  "request.part_unsupported",
  "request.string_content_required",
  "request.tool_schema",
  "request.web_search_unsupported",
  "context_too_long",
  "image_not_supported",
  "video_not_supported",
  "partial_mode_unsupported",
  "invalid_tool",
  "model_not_found",
  "no_model_available",
  "provider.unsupported_api",
  "proxy.invalid",
  // Sessions kept on disk.
  "invalid_session_id",
  "session_busy",
  "session_closed",
  "session_mismatch",
  "session_unreadable",
  "session_version",
  // startGateway: its options, its port, its token, its callbacks, its usage ledger.
  "gateway.announce_token_threw",
  "gateway.auth_required",
  "gateway.bad_bind",
  "gateway.bad_port",
  "gateway.bad_timeouts",
  "gateway.closed",
  "gateway.cors_open",
  "gateway.cors_origin",
  "gateway.ledger_unavailable",
  "gateway.port_in_use",
  "gateway.port_privileged",
  "gateway.resolve_key_threw",
  "gateway.token_needs_file",
  "ledger.busy",
  "ledger.damaged",
  "ledger.incomplete",
  "ledger.newer",
  "ledger.not_a_ledger",
  "ledger.unfinished_write",
  // readUsageReport: a usage ledger it cannot open (a directory, permissions).
  "usage.ledger_unreadable",
  // A program's own resolveKey (createRuntime's, startGateway's) returned what is no key.
  "resolve_key.not_a_key",
  // Files openclaw writes (the config, the credential store, a lock).
  "fs.locked",
  "fs.read_only",
  "fs.unwritable",
  // A call given what it does not take (a wrong option, an argument of the wrong kind).
  "usage",
  // openclaw's own mistake, not the caller's: worth a bug report.
  "internal",
] as const;

/** `assertKeyShape`'s codes, one per KeyShapeProblem. */
const KEY_SHAPE_CODES = [
  "auth.key_empty",
  "auth.key_whitespace",
  "auth.key_placeholder",
  "auth.key_kimi_for_moonshot",
  "auth.key_moonshot_for_kimi",
  "auth.key_quoted",
  "auth.key_assignment",
  "auth.key_bearer",
  "auth.key_character",
] as const satisfies readonly `auth.${KeyShapeProblem["code"]}`[];

// A problem added to KeyShapeProblem and not to the list above stops the build here.
type UnlistedKeyShapeCode = Exclude<
  `auth.${KeyShapeProblem["code"]}`,
  (typeof KEY_SHAPE_CODES)[number]
>;
const everyKeyShapeCodeListed: [UnlistedKeyShapeCode] extends [never] ? true : never = true;
void everyKeyShapeCodeListed;

/**
 * A code the library's OpenClawErrors can have: those spelled out above (`config.invalid`,
 * `model.unknown`, `usage`, …), a ProviderError's `provider.<class>` (`provider.auth`,
 * `provider.rate_limit`, `provider.cancelled`, one per PROVIDER_ERROR_CLASSES) and
 * `assertKeyShape`'s `auth.key_*`.
 */
export type KnownErrorCode =
  | (typeof FIXED_CODES)[number]
  | `provider.${ProviderErrorClass}`
  | (typeof KEY_SHAPE_CODES)[number];

/**
 * The type of `OpenClawError.code`: a KnownErrorCode, or any other string (what a program's own
 * callback threw keeps its code). Written so that an editor offers the known codes in a
 * `switch (error.code)` and a comparison with another string still compiles.
 */
export type OpenClawErrorCode = KnownErrorCode | (string & {});

/** Every KnownErrorCode, sorted, for a program that lists them or checks one it was given. */
export const KNOWN_ERROR_CODES: readonly KnownErrorCode[] = Object.freeze(
  [
    ...FIXED_CODES,
    ...PROVIDER_ERROR_CLASSES.map((errorClass) => `provider.${errorClass}` as const),
    ...KEY_SHAPE_CODES,
  ].sort(),
);

const known: ReadonlySet<string> = new Set(KNOWN_ERROR_CODES);

/** Whether `code` is one the library makes (a KnownErrorCode), not a program's own. */
export function isKnownErrorCode(code: unknown): code is KnownErrorCode {
  return typeof code === "string" && known.has(code);
}
