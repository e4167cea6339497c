/**
 * The options a developer first tries on `openRuntime` that belong elsewhere: a key (`apiKey`),
 * the model, a provider's base URL. Each was refused with `openRuntime has no option "apiKey"`
 * and the hint to leave it out, which says nothing of where the key or the model does go.
 */
import { OpenClawError } from "../errors.js";
import { isRecord } from "../util/is-record.js";

const KEY_HINT =
  "openRuntime reads keys where the CLI does (auth profiles, then $MOONSHOT_API_KEY and the others); to give your program's own key, pass env: { OPENCLAW_STATE_DIR: \"<a dir of your program's>\", MOONSHOT_API_KEY: key } (KIMICODE_API_KEY for Kimi Code): a state dir of its own, as a key openclaw onboard stored in ~/.openclaw wins over the env's";

const MISPLACED: Readonly<Record<string, string>> = {
  apiKey: KEY_HINT,
  key: KEY_HINT,
  model:
    'the model is an option of each run: runtime.complete({ model: "moonshot/kimi-k2.5", request }); the default model is agents.defaults.model.primary in the config',
  baseUrl:
    'a provider\'s base URL is set in the config: config: { models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1" } } } }, or in the config file openRuntime reads',
};

/**
 * Throws (code `usage`, `where` the option) when `options` names exactly one option openRuntime
 * does not take and that option is one of those above, with where it goes instead. Any other
 * mistake is left to the option check, which names every unknown option.
 */
export function checkMisplacedRuntimeOption(
  options: unknown,
  accepted: Readonly<Record<string, true>>,
): void {
  if (!isRecord(options)) return;
  const unknown = Object.keys(options).filter((name) => !Object.hasOwn(accepted, name));
  const [only] = unknown;
  if (only === undefined || unknown.length > 1 || !Object.hasOwn(MISPLACED, only)) return;
  throw new OpenClawError("usage", `openRuntime has no option "${only}"`, {
    where: only,
    hint: `${MISPLACED[only]}; the options openRuntime takes are ${Object.keys(accepted).join(", ")}`,
  });
}
