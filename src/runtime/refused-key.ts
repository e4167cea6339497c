/**
 * What a request is told when it is not sent because the provider refused its API key earlier
 * (401, or a key of the other Moonshot platform). A refused key is not resting until a cooldown
 * ends: it is wrong, and it stays wrong until it is replaced. So the words say where the key was
 * read from and what to do about it, rather than how long it is "benched". Not the key, even
 * masked: a gateway's client reads this message too.
 */
import { endpointOfBaseUrl } from "../auth/index.js";
import type { ResolvedKey } from "../auth/types.js";
import type { KeySource, ResolvedModel } from "../catalog/types.js";
import type { ProviderErrorClass } from "../providers/errors.js";

/** The failures that mean the key itself is wrong (not used up, not refused for the client). */
export function isRefusedKey(reason: ProviderErrorClass): reason is "auth" | "wrong_region" {
  return reason === "auth" || reason === "wrong_region";
}

/** Where the key in use was read from, as a person edits it. */
function keyPlace(source: KeySource): string {
  switch (source.kind) {
    case "profile":
      return `auth profile "${source.profileId}"`;
    case "env":
      return `$${source.variable}`;
    case "config":
      // `apiKey: "${MOONSHOT_API_KEY}"`: the variable is what holds the key.
      return source.variables.length > 0
        ? source.variables.map((name) => `$${name}`).join(", ")
        : source.path;
  }
}

/** The `openclaw onboard` command that stores a new key for a provider on a public endpoint. */
function onboardCommand(model: ResolvedModel, env: NodeJS.ProcessEnv): string | undefined {
  switch (endpointOfBaseUrl(model.baseUrl, env)) {
    case "moonshot-ai":
      return "openclaw onboard --auth-choice moonshot-api-key";
    case "moonshot-cn":
      return "openclaw onboard --auth-choice moonshot-api-key-cn";
    case "kimi-code":
      return "openclaw onboard --auth-choice kimi-code-api-key";
    default:
      return undefined;
  }
}

/**
 * The message and hint of a model not tried because its key was refused: `refusalHint` is what
 * the refusal itself advised (a wrong region's base URL), kept where it says more than ours.
 */
export function refusedKeySkip(
  model: ResolvedModel,
  key: ResolvedKey,
  reason: "auth" | "wrong_region",
  refusalHint: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { message: string; hint: string } {
  const place = keyPlace(key.source);
  const what =
    reason === "wrong_region"
      ? "it belongs to the other Moonshot platform"
      : "the key is wrong or was revoked";
  const message = `${model.ref} not tried: provider ${model.provider} refused its API key from ${place} on an earlier request: ${what}`;
  const command = onboardCommand(model, env);
  const fix = `put the right key in ${place}${command ? `, or store one with: ${command}` : ""}; the next request uses it at once`;
  const hint =
    reason === "wrong_region" && refusalHint !== undefined
      ? `${refusalHint.replace(/\.\s*$/, "")}; or ${fix}`
      : fix;
  return { message, hint };
}
