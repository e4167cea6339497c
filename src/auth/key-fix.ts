/**
 * What to do about a key a provider refused: put the right one where it was read from, or store
 * one with onboard. One wording for a request's refusal (src/runtime/refused-key.ts) and a
 * probe's (doctor --probe, models status --probe). Never the key itself.
 */
import type { KeySource, ResolvedModel } from "../catalog/types.js";
import {
  type DetourStanding,
  detourOtherRef,
  NO_DETOUR_STANDING,
  onboardDetour,
} from "./onboard-detour.js";
import { onboardCommandFor } from "./public-endpoints.js";

/** Where the key in use was read from, as a person edits it. */
export function keyPlace(source: KeySource): string {
  switch (source.kind) {
    case "profile":
      return `auth profile "${source.profileId}"`;
    case "env":
      // Exporting it would work too (the shell wins), but the wrong key is in the file.
      return source.fromEnvBlock ? `the config's env.${source.variable}` : `$${source.variable}`;
    case "config":
      // `apiKey: "${MOONSHOT_API_KEY}"`: the variable is what holds the key.
      return source.variables.length > 0
        ? source.variables.map((name) => `$${name}`).join(", ")
        : source.path;
  }
}

/**
 * What to do about a refused key: put the right one where this one was read from, or store one
 * with onboard. A stored profile is read again when its file changes, so the next request uses
 * it; a variable (or the config's apiKey) is read when openclaw starts, which a running gateway
 * did already (a chat reads its config file again: see configReadWhen).
 */
export function replaceKeyFix(
  model: Pick<ResolvedModel, "baseUrl" | "provider" | "id">,
  source: KeySource,
  env: Record<string, string | undefined> = process.env,
  /**
   * The words before onboard's command (`OPENCLAW_STATE_DIR=/that/dir `) when the keys are read
   * from another state dir than the shell's: without them it stores the key where none reads it.
   */
  onboardPrefix = "",
  /**
   * When the reader takes a key from a variable or the config file in again: a one-shot command
   * or a chat at its start; a gateway says its own (see gatewayRefusedKeyFix).
   */
  readWhen: (source: KeySource) => string = () => "read when openclaw starts",
  /** Who reads a stored key next: a gateway's or a program's next request, by default. */
  nextReader: StoredKeyReader = NEXT_REQUEST,
  /**
   * When onboard stores the key for another provider: whether that was done already, so that the
   * ref it made work is named rather than the command again (see src/runtime/detour-standing.ts).
   */
  standing: DetourStanding = NO_DETOUR_STANDING,
): string {
  const place = keyPlace(source);
  // Onboard would store the key for another provider (moonshot-cn's choice writes `moonshot`):
  // said as that, with the ref it makes work, not as a second place for this provider's key.
  const detour = onboardDetour(model.provider, model.baseUrl, env);
  if (detour) {
    const kept =
      source.kind === "profile"
        ? `put the right key in ${place}; ${nextReader.readsIt}`
        : `put the right key in ${place} (${readWhen(source)})`;
    return `${kept}; or ${detourOtherRef(detour, standing, model.id, onboardPrefix)}`;
  }
  const onboard = onboardCommandFor(model.baseUrl, env);
  const command = onboard && `${onboardPrefix}${onboard}`;
  if (source.kind === "profile") {
    return `put the right key in ${place}${command ? `, or store one with: ${command}` : ""}; ${nextReader.readsIt}`;
  }
  return `put the right key in ${place} (${readWhen(source)})${command ? `, or store one with: ${command}, ${nextReader.which}` : ""}`;
}

/**
 * What reads a key onboard stores (or a profile put right), said after the fix: a running
 * gateway's or program's next request, a chat's next message, a one-shot command's next run.
 */
export interface StoredKeyReader {
  /** `the next request uses it at once` */
  readsIt: string;
  /** `which the next request uses at once` */
  which: string;
  /** When a key written in the config file is read again, for a reader that reads it again. */
  configReadAgain?: string;
}

/** A gateway or a program using the library: its next request reads a stored key (the default). */
export const NEXT_REQUEST: StoredKeyReader = {
  readsIt: "the next request uses it at once",
  which: "which the next request uses at once",
};
/** A one-shot command (agent, doctor --probe): it makes its requests and exits. */
export const NEXT_COMMAND: StoredKeyReader = {
  readsIt: "the next openclaw command reads it",
  which: "which the next openclaw command reads",
};
/** openclaw chat: the profiles are read again at each message. */
export const NEXT_MESSAGE: StoredKeyReader = {
  readsIt: "the next message uses it at once",
  which: "which the next message uses at once",
  configReadAgain: "read again at the next message",
};

/**
 * `replaceKeyFix`'s `readWhen` for a reader that reads the config file again while it runs (a
 * chat, before each message): a key written in the file (its apiKey, its env block) is read again
 * then; one from a shell variable only when openclaw starts. Undefined for any other reader.
 */
export function configReadWhen(
  nextReader: StoredKeyReader | undefined,
): ((source: KeySource) => string) | undefined {
  const again = nextReader?.configReadAgain;
  if (again === undefined) return undefined;
  return (source) =>
    (source.kind === "config" && source.variables.length === 0) ||
    (source.kind === "env" && source.fromEnvBlock)
      ? again
      : "read when openclaw starts";
}
