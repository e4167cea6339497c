/**
 * What `config validate` (and `doctor`, the gateway's start and reload) says about a model whose
 * `input` lists "video" while its provider is called over Anthropic's Messages format (`api:
 * "anthropic-messages"`, Kimi Code's Anthropic surface): that format has no video block, so the
 * runtime refuses a video for such a model (video_not_supported). A warning, not an error: the
 * model still serves text and images; the config only says something that cannot work.
 */
import { formatPath } from "../config/index.js";
import { singleQuoted } from "../util/shell-word.js";
import { apiTakesVideo } from "./api-takes-video.js";
import type { Catalog } from "./build.js";
import type { CatalogFinding } from "./check.js";

/** Each configured model listing "video" over an API that cannot carry one, at its `input`. */
export function videoInputsNeverSent(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  for (const [key, written] of Object.entries(catalog.source.config.models?.providers ?? {})) {
    const provider = catalog.providers.get(key.toLowerCase());
    if (!provider || apiTakesVideo(provider.api)) continue;
    const listed = new Set<string>();
    (written.models ?? []).forEach((model, index) => {
      // A model listed twice: the later listing is ignored (and reported as such).
      if (listed.has(model.id)) return;
      listed.add(model.id);
      const input = Array.isArray(model.input) ? model.input : [];
      if (!input.includes("video")) return;
      const path = formatPath(["models", "providers", key, "models", index, "input"]);
      const kept = JSON.stringify(input.filter((modality) => modality !== "video"));
      out.push({
        level: "warning",
        path,
        message: `lists "video", but provider ${provider.id} is called over Anthropic's Messages format (api "${provider.api}"), which takes no video parts: a request with a video for ${provider.id}/${model.id} is refused`,
        hint: `remove "video" from it: openclaw config set ${singleQuoted(path)} ${singleQuoted(kept)}; or, to send ${provider.id}/${model.id} a video, use an OpenAI-format provider for it (api "openai-completions"; Kimi Code's is https://api.kimi.com/coding/v1)`,
      });
    });
  }
  return out;
}
