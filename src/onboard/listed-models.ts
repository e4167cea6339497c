/**
 * Onboarding writes the built-in model list (the OpenClaw docs' config), but providers retire ids:
 * a model the key check's `GET /models` does not list would fail its first request with a 404.
 * Said once, with the ids the endpoint lists that the config lacks, while the list is at hand.
 */
import type { RemoteModel } from "../auth/index.js";
import { compareWithListed } from "./models-scan.js";

/**
 * The warning for `providerId`'s config models (`configIds`) that `listed` does not have, naming
 * the listed ones the config lacks too; undefined when all are listed, or when there is no list
 * to go by (an empty one says nothing about which ids exist).
 */
export function unlistedModelsWarning(
  providerId: string,
  configIds: readonly string[],
  listed: readonly RemoteModel[],
): string | undefined {
  if (listed.length === 0) return undefined;
  const { added, gone } = compareWithListed(configIds, listed);
  if (gone.length === 0) return undefined;
  const one = gone.length === 1;
  const scan = `openclaw models scan --provider ${providerId}`;
  const next =
    added.length > 0
      ? `new: ${added.map((model) => model.id).join(", ")} — add them with: ${scan} --add`
      : `the models it lists: ${scan}`;
  return `${providerId}: the API does not list ${gone.join(", ")} for this key: ${one ? "it was" : "they were"} retired or your key may not use ${one ? "it" : "them"}, so requests to ${one ? "it" : "them"} fail with 404; ${next}`;
}
