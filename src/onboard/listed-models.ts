/**
 * Onboarding writes the built-in model list (the OpenClaw docs' config), but providers retire ids
 * and add new ones: a model the key check's `GET /models` does not list would fail its first
 * request with a 404, and one it lists that the config lacks cannot be used until it is added.
 * Said once, while the list is at hand.
 */
import type { RemoteModel } from "../auth/index.js";
import { compareWithListed } from "./models-scan.js";

/**
 * The warning for `providerId`'s config models (`configIds`) against what `listed` has: the ones
 * it does not list, and the listed ones the config lacks with the command that adds them.
 * Undefined when the two agree, or when there is no list to go by (an empty one says nothing
 * about which ids exist).
 */
export function unlistedModelsWarning(
  providerId: string,
  configIds: readonly string[],
  listed: readonly RemoteModel[],
): string | undefined {
  if (listed.length === 0) return undefined;
  const { added, gone } = compareWithListed(configIds, listed);
  if (gone.length === 0 && added.length === 0) return undefined;
  const scan = `openclaw models scan --provider ${providerId}`;
  const addNew = `add them with: ${scan} --add`;
  const newIds = added.map((model) => model.id).join(", ");
  if (gone.length === 0) {
    return `${providerId}: the API lists models for this key that the config does not have: ${newIds} — ${addNew}`;
  }
  const one = gone.length === 1;
  const next = added.length > 0 ? `new: ${newIds} — ${addNew}` : `the models it lists: ${scan}`;
  return `${providerId}: the API does not list ${gone.join(", ")} for this key: ${one ? "it was" : "they were"} retired or your key may not use ${one ? "it" : "them"}, so requests to ${one ? "it" : "them"} fail with 404; ${next}`;
}
