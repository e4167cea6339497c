/**
 * `agent --image` refused because the model's config entry lists only "text" (the docs' config
 * and onboarding write that for every model): the hint gives the exact command that adds
 * "image" to that entry, and says what the provider's own model list (GET /models, as
 * `models scan` reads it) reports, so a person knows whether the command is the right fix.
 */
import type { RemoteModel } from "../../auth/index.js";
import {
  addImageInputCommand,
  type Catalog,
  type ResolvedModel,
  resolveModelChain,
} from "../../catalog/index.js";
import { agentDir, type OpenClawConfig } from "../../config/index.js";
import { OpenClawError } from "../../errors.js";
import { scanProvider } from "../../onboard/models-scan.js";

/** How long the refusal waits for the provider's model list: it only adds to a hint. */
const LIST_TIMEOUT_MS = 5_000;

export interface ImageRefusalContext {
  catalog: Catalog;
  config: OpenClawConfig;
  env: Record<string, string | undefined>;
  stateDir: string;
  agentId: string;
}

/** `refusal` (code image_not_supported) told again with the command that fixes the config. */
export async function explainImageRefusal(
  refusal: OpenClawError,
  context: ImageRefusalContext,
  requestedModel: string | undefined,
): Promise<OpenClawError> {
  let model: ResolvedModel | undefined;
  try {
    model = resolveModelChain(context.catalog, requestedModel)[0];
  } catch {
    return refusal;
  }
  if (!model) return refusal;
  const command = addImageInputCommand(context.catalog, model);
  const listed = await listedImageSupport(context, model);
  const hint = imageHint(model, command, listed);
  return new OpenClawError(refusal.code, refusal.message, {
    hint,
    ...(refusal.where ? { where: refusal.where } : {}),
    exitCode: refusal.exitCode,
  });
}

/** What the provider's model list says of this model and of images, when it could be read. */
interface ListedImageSupport {
  /** The list's `supports_image_in` for this model (undefined: not listed, or not said). */
  takesImages: boolean | undefined;
  /** Other ids the list reports as taking images. */
  imageModels: string[];
}

async function listedImageSupport(
  context: ImageRefusalContext,
  model: ResolvedModel,
): Promise<ListedImageSupport | undefined> {
  try {
    const scan = await scanProvider(context.catalog, model.provider, {
      env: context.env,
      agentDir: agentDir(context.stateDir, context.agentId),
      timeoutMs: LIST_TIMEOUT_MS,
    });
    if (scan.status !== "ok") return undefined;
    const own: RemoteModel | undefined = scan.remote.find((remote) => remote.id === model.id);
    return {
      takesImages: own?.supportsImageIn,
      imageModels: scan.remote
        .filter((remote) => remote.id !== model.id && remote.supportsImageIn === true)
        .map((remote) => remote.id),
    };
  } catch {
    // The hint is still right without what the list says.
    return undefined;
  }
}

function imageHint(
  model: ResolvedModel,
  command: string | undefined,
  listed: ListedImageSupport | undefined,
): string {
  const others = listed?.imageModels.length
    ? `; ${model.provider}'s model list names ${listed.imageModels.join(", ")} as taking images (openclaw models scan --provider ${model.provider} --add adds the ones the config lacks)`
    : "";
  if (listed?.takesImages === false) {
    return `${model.provider}'s model list says ${model.id} takes no images: use a model that does with --model, or drop the image${others}`;
  }
  // The command goes last: a person copies it whole, and a wrapped hint keeps it on its own line.
  const addIt = command
    ? `add "image" to its input: ${command}`
    : `add "image" to its "input" in models.providers.${model.provider}.models (the entry with id "${model.id}")`;
  if (listed?.takesImages === true) {
    return `${model.provider}'s model list says ${model.id} takes images, but its config says ${model.input.join(", ")} only; ${addIt}`;
  }
  return `use a model whose input includes "image" with --model, or drop the image${others}; if ${model.ref} takes pictures, ${addIt}`;
}
