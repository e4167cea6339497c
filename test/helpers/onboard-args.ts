/**
 * The argv of `openclaw onboard` as a script runs it (non-interactive, risk accepted) for one of
 * the key choices: `onboardWithKey` passes the key in that choice's own flag, `onboardChoice`
 * leaves the key to come from elsewhere (the environment, a reference, or nowhere on purpose).
 * Each ends with the test's `more` flags.
 */

/** The `--auth-choice` values that take a key, and the flag each one reads it from. */
const KEY_FLAG = {
  "moonshot-api-key": "--moonshot-api-key",
  "moonshot-api-key-cn": "--moonshot-api-key",
  "kimi-code-api-key": "--kimi-code-api-key",
} as const;

export type KeyChoice = keyof typeof KEY_FLAG;

export function onboardChoice(choice: KeyChoice, ...more: string[]): string[] {
  return ["onboard", "--non-interactive", "--accept-risk", "--auth-choice", choice, ...more];
}

export function onboardWithKey(choice: KeyChoice, key: string, ...more: string[]): string[] {
  return onboardChoice(choice, KEY_FLAG[choice], key, ...more);
}
