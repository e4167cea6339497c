/**
 * What a client is told of a model the gateway does not serve: not configured (with close
 * matches), the default it cannot serve, one the config leaves out, or a configured one whose
 * provider is broken (a 503 that says what to fix).
 */
import { providerAsModelClientHint } from "../catalog/provider-as-model.js";
import { notOfThisProvider } from "../catalog/same-id-elsewhere.js";
import { quoted } from "../util/client-value.js";
import { GatewayHttpError } from "./http-error.js";
import {
  DEFAULT_MODEL_NAMES,
  type ListedUnconfigured,
  type ModelDirectory,
} from "./model-directory.js";
import { MAX_MODEL_NAME_LENGTH } from "./validate-request.js";

/**
 * The 404 (or 503) for a model the directory does not serve; `hint`, when given, says what the
 * client should have asked for instead (an Anthropic client's `claude-*` names). A command it
 * prints is said with the directory's `commandPrefix`, which reaches the gateway's own config and
 * keys, not the shell's.
 */
export function unknownModel(
  directory: ModelDirectory,
  model: string,
  hint?: string,
): GatewayHttpError {
  // Only a model's URL (GET /v1/models/{id}) still carries a name this long, a body's being
  // refused past it: no model is named so, so it is said shortened and matched against nothing.
  if (model.length > MAX_MODEL_NAME_LENGTH) {
    return new GatewayHttpError(
      404,
      "invalid_request_error",
      `model ${quoted(model)} is not configured; GET /v1/models lists the models this gateway serves`,
      { param: "model", code: "model_not_found", errorClass: "not_found" },
    );
  }
  const noDefault = DEFAULT_MODEL_NAMES.includes(model.trim().toLowerCase())
    ? directory.whyNoDefault?.()
    : undefined;
  if (noDefault) {
    return new GatewayHttpError(
      404,
      "invalid_request_error",
      `model "${model}" is this gateway's default model and its fallbacks, which it cannot serve: ${noDefault.reason} (hint: ${noDefault.hint})`,
      { param: "model", code: "model_not_found", errorClass: "not_found" },
    );
  }
  const refused = directory.notAllowed?.(model);
  if (refused) {
    return new GatewayHttpError(
      404,
      "invalid_request_error",
      `model "${model}": ${refused.reason} (hint: ${refused.hint})`,
      { param: "model", code: "model_not_found", errorClass: "not_found" },
    );
  }
  const problem = directory.explain?.(model);
  if (problem) {
    // Configured, but its provider is broken: the others keep serving; say what to fix. Sent
    // again it fails the same until the config is fixed: x-should-retry: false.
    return new GatewayHttpError(503, "server_error", problem, {
      param: "model",
      code: "provider_unavailable",
      errorClass: "provider_unavailable",
      retryable: false,
    });
  }
  const listed = directory.listedUnconfigured?.(model);
  if (listed) {
    // A model the provider serves that the config does not have yet (a new release): what adds
    // it says more than the close matches among the configured ones.
    return new GatewayHttpError(
      404,
      "invalid_request_error",
      `model ${quoted(model)} is not configured, but ${listed.provider} lists ${listed.id} among the models its key may use (GET /models); ${howToAdd(listed, directory.commandPrefix ?? "")}`,
      { param: "model", code: "model_not_found", errorClass: "not_found" },
    );
  }
  const provider = directory.providerNamed?.(model);
  if (provider) {
    // A provider's id, not a model's: its models' refs are what to send, not close matches.
    return new GatewayHttpError(
      404,
      "invalid_request_error",
      `model ${JSON.stringify(model)} is a provider, not a model or alias (hint: ${providerAsModelClientHint(provider)})`,
      { param: "model", code: "model_not_found", errorClass: "not_found" },
    );
  }
  const [elsewhere] = directory.elsewhere?.(model) ?? [];
  if (elsewhere !== undefined) {
    // The id is another provider's (`kimi-code/kimi-k2.5`): said as the CLI says it, with the ref
    // to send, rather than as one close match among others.
    const asked = model.trim();
    const slash = asked.indexOf("/");
    const fact = notOfThisProvider(
      JSON.stringify(asked.slice(slash + 1)),
      elsewhere,
      asked.slice(0, slash).toLowerCase(),
    );
    return new GatewayHttpError(
      404,
      "invalid_request_error",
      `model "${model}" is not configured: ${fact}; send "model": "${elsewhere}"${hint === undefined ? "" : ` (hint: ${hint})`}`,
      { param: "model", code: "model_not_found", errorClass: "not_found" },
    );
  }
  const matches = directory.suggest(model);
  const tail =
    matches.length > 0
      ? `; close matches: ${matches.join(", ")}`
      : "; GET /v1/models lists the models this gateway serves";
  // Said as the CLI says it; not beside a hint that the name is another vendor's (`claude-*`).
  const advice = hint === undefined ? directory.newModelAdvice?.(model, matches) : undefined;
  return new GatewayHttpError(
    404,
    "invalid_request_error",
    `model "${model}" is not configured${tail}${advice === undefined ? "" : `; ${advice}`}${hint === undefined ? "" : ` (hint: ${hint})`}`,
    {
      param: "model",
      code: "model_not_found",
      errorClass: "not_found",
    },
  );
}

/**
 * What adds a model its provider lists to the config this gateway serves, and when it serves it
 * then. A command stays last or before a `;`: beyond loopback it is said to be run on the host.
 * `prefix`: what reaches the gateway's config and keys from a plain shell (`OPENCLAW_STATE_DIR=… `),
 * or "": `models scan` reads the provider's key to ask its `GET /models`, not the config alone.
 */
function howToAdd(listed: ListedUnconfigured, prefix: string): string {
  const scan = `${prefix}openclaw models scan --provider ${listed.provider} --add`;
  switch (listed.configEdits) {
    case "reloaded":
      return `add it to the config, which the running gateway reloads by itself, with: ${scan}`;
    case "on-restart":
      return `add it to the config with: ${scan}; this gateway does not watch its config file (started with watch: false), so it serves the model after a restart (or its reload())`;
    case "object":
      // models scan --add lists it in the allowlist too; by hand, that is easily missed.
      return `this gateway serves the config object it was started with (startGateway's config), which no file edit reaches: add {"id": ${JSON.stringify(listed.id)}} to models.providers.${listed.provider}.models in that object${listed.allowlist ? ` and ${JSON.stringify(`${listed.provider}/${listed.id}`)} to its allowlist, agents.defaults.models,` : ""} and start a gateway with it`;
  }
}
