/** The `--auth-choice` values and what each one sets up. Data only. */
import type { EndpointId } from "../auth/index.js";

export const AUTH_CHOICES = [
  "moonshot-api-key",
  "moonshot-api-key-cn",
  "kimi-code-api-key",
  "custom-api-key",
  "skip",
] as const;
export type AuthChoice = (typeof AUTH_CHOICES)[number];

export function isAuthChoice(value: string): value is AuthChoice {
  return (AUTH_CHOICES as readonly string[]).includes(value);
}

/** Which endpoint a built-in choice targets. */
export type { EndpointId } from "../auth/index.js";

export interface BuiltinChoice {
  choice: Exclude<AuthChoice, "custom-api-key" | "skip">;
  /** The key as a prompt names it: `Moonshot API key`. */
  keyName: string;
  /**
   * Which platform of the provider, said before its host (`international`), when there is more
   * than one; else what it is for, said when its public address is used.
   */
  platform: string;
  /** The provider id written to the config: `moonshot` for both Moonshot regions. */
  providerId: "moonshot" | "kimi-code";
  /** The built-in catalog entry whose models and defaults are used. */
  builtinId: string;
  endpoint: EndpointId;
  envVar: string;
  /** Other variables read when `envVar` is unset (`KIMI_API_KEY`, kimi-cli's name). */
  envVarAlternates: readonly string[];
  /** CLI flag carrying the key. */
  keyFlag: "--moonshot-api-key" | "--kimi-code-api-key";
}

export const BUILTIN_CHOICES: Record<BuiltinChoice["choice"], BuiltinChoice> = {
  "moonshot-api-key": {
    choice: "moonshot-api-key",
    keyName: "Moonshot API key",
    platform: "international",
    providerId: "moonshot",
    builtinId: "moonshot",
    endpoint: "moonshot-ai",
    envVar: "MOONSHOT_API_KEY",
    envVarAlternates: [],
    keyFlag: "--moonshot-api-key",
  },
  "moonshot-api-key-cn": {
    choice: "moonshot-api-key-cn",
    keyName: "Moonshot API key",
    platform: "China",
    providerId: "moonshot",
    builtinId: "moonshot-cn",
    endpoint: "moonshot-cn",
    envVar: "MOONSHOT_API_KEY",
    envVarAlternates: [],
    keyFlag: "--moonshot-api-key",
  },
  "kimi-code-api-key": {
    choice: "kimi-code-api-key",
    keyName: "Kimi Code API key",
    platform: "subscription for coding agents",
    providerId: "kimi-code",
    builtinId: "kimi-code",
    endpoint: "kimi-code",
    envVar: "KIMICODE_API_KEY",
    envVarAlternates: ["KIMI_API_KEY"],
    keyFlag: "--kimi-code-api-key",
  },
};

/**
 * The variable onboarding reads a choice's key from (and a ref points at): its own, else the
 * first alternate that is set, else its own again (for the "not set" message).
 */
export function keyEnvVar(
  choice: Pick<BuiltinChoice, "envVar" | "envVarAlternates">,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (env[choice.envVar]) return choice.envVar;
  return choice.envVarAlternates.find((name) => env[name]) ?? choice.envVar;
}

export function choiceForEndpoint(endpoint: EndpointId): BuiltinChoice {
  const found = Object.values(BUILTIN_CHOICES).find((choice) => choice.endpoint === endpoint);
  if (!found) throw new Error(`no auth choice for endpoint ${endpoint}`);
  return found;
}
