/**
 * How a program gives a missing key to a runtime it opened in a way a shell's `openclaw onboard`
 * does not serve: from a config object (no file for the command to go with: its prefix named the
 * made-up path `(the config object given)`) or for another agent than `main` (onboard stores
 * `main`'s keys only, so its command left the program failing the same way). What the program
 * passes comes first: the config object's apiKey, the variable in the `env` it passes.
 */
import { onboardCommandFor } from "../auth/index.js";
import type { ResolvedModel } from "../catalog/types.js";
import { agentDir, type Env } from "../config/index.js";

export interface LibraryKeyContext {
  /** The runtime was made from a config object (`openRuntime({ config })`). */
  fromObject: boolean;
  /** The caller passed `env`; otherwise the variables are read from `process.env`. */
  envGiven: boolean;
  /** Whose credential store the runtime reads. */
  agentId: string;
  /** The state directory it reads that store from. */
  stateDir: string;
  /** The words before `openclaw onboard` that make it store the key in `stateDir`. */
  onboardPrefix: string;
  /** The environment the runtime reads (for the onboard command's `--auth-choice`). */
  env: Env;
}

/** Whether a runtime so opened needs advice of its own rather than the CLI's onboard command. */
export function needsLibraryKeyAdvice(context: Pick<LibraryKeyContext, "fromObject" | "agentId">) {
  return context.fromObject || context.agentId !== "main";
}

/**
 * What ends the missing key's hint, after the places it looked: `or pass the key in the config
 * object openRuntime is given (models.providers.moonshot.apiKey), or MOONSHOT_API_KEY in the env
 * it is given; or run: …openclaw onboard …` (the command only where it stores the key read).
 */
export function libraryKeyAdvice(model: ResolvedModel, context: LibraryKeyContext): string {
  const ways: string[] = [];
  if (context.fromObject) {
    ways.push(
      `the key in the config object openRuntime is given (models.providers.${model.provider}.apiKey)`,
    );
  }
  const variable = model.keySources.find((source) => source.kind === "env");
  if (variable?.kind === "env") {
    const where = context.envGiven ? "the env openRuntime is given" : "process.env";
    ways.push(`${variable.variable} in ${where}`);
  }
  const profile = model.keySources.find((source) => source.kind === "profile");
  const profileName =
    profile?.kind === "profile" ? `auth profile "${profile.profileId}"` : "an auth profile";
  const onboard = onboardCommandFor(model.baseUrl, context.env) ?? "openclaw onboard";
  const store =
    context.agentId === "main"
      ? `run: ${context.onboardPrefix}${onboard}`
      : `store ${profileName} in ${agentDir(context.stateDir, context.agentId)}/auth-profiles.json (updateAuthStore writes it; openclaw onboard stores agent main's keys only)`;
  return ways.length === 0 ? `or ${store}` : `or pass ${ways.join(", or ")}; or ${store}`;
}
