/**
 * What to run (or edit) so that a model's config entry holds given values: `models scan` finds
 * that the endpoint describes a model otherwise than the config does (it takes images, it
 * reasons) and said only "add "image" to its input", leaving the path, the index in the models
 * list and the quoting to the person.
 */
import { CONFIG_OBJECT_PATH, formatOrigin, formatPath, includedOrigin } from "../config/index.js";
import { singleQuoted } from "../util/shell-word.js";
import type { Catalog } from "./build.js";

/** The fields of a model entry these commands set. */
export interface ModelEntryValues {
  /** The model's `input` (`text`, `image`, `video`). */
  input?: readonly string[];
  /** The model's `reasoning`. */
  reasoning?: boolean;
  /** The model's `contextWindow`, in tokens. */
  contextWindow?: number;
}

function configSet(path: string, value: unknown): string {
  return `openclaw config set ${singleQuoted(path)} ${singleQuoted(JSON.stringify(value))}`;
}

/**
 * For each field of `values`, what sets it in the entry of `model` (of provider `providerId`):
 * - the entry is in the main config file: `openclaw config set '…models[i].<field>' '<value>'`;
 * - the model is built in only: one `openclaw config set '…models[n]' '{id, name, …}'` that adds
 *   an entry with every value at once (the built-in one gives the other fields), the same
 *   command for each field, so that running two of them does not add two entries;
 * - the provider's models are listed in a file the config includes (a `config set` would write a
 *   list in the main file that replaces that one): what to write there, and where.
 */
export function modelEntryCommands(
  catalog: Catalog,
  providerId: string,
  model: { id: string; name: string },
  values: ModelEntryValues,
): Partial<Record<keyof ModelEntryValues, string>> {
  const providers = catalog.source.config.models?.providers ?? {};
  const key =
    Object.keys(providers).find((name) => name.toLowerCase() === providerId) ?? providerId;
  const entries = providers[key]?.models ?? [];
  const index = entries.findIndex((entry) => entry.id === model.id);
  const listPath = ["models", "providers", key, "models"];
  const fields = Object.keys(values) as (keyof ModelEntryValues)[];
  const included = catalog.source.exists
    ? includedOrigin(catalog.source.path, listPath)
    : undefined;
  const each = (say: (field: keyof ModelEntryValues) => string) =>
    Object.fromEntries(fields.map((field) => [field, say(field)]));
  if (included) {
    const where = formatOrigin(included);
    return each((field) =>
      index >= 0
        ? `write "${field}": ${JSON.stringify(values[field])} in its entry (id ${JSON.stringify(model.id)}) of the models list in ${where}`
        : `add ${JSON.stringify({ id: model.id, name: model.name, ...values })} to the models list in ${where}`,
    );
  }
  if (index >= 0)
    return each((field) => configSet(formatPath([...listPath, index, field]), values[field]));
  const added = configSet(formatPath([...listPath, entries.length]), {
    id: model.id,
    name: model.name,
    ...values,
  });
  return each(() => added);
}

/**
 * What adds "image" to `model`'s input (`modelEntryCommands`' `input`): the refusal of an image
 * for a text-only model ends with it. Undefined for a config given as an object (no file for a
 * command to edit: the caller's object is where it changes).
 */
export function addImageInputCommand(
  catalog: Catalog,
  model: { provider: string; id: string; name: string; input: readonly string[] },
): string | undefined {
  if (catalog.source.path === CONFIG_OBJECT_PATH) return undefined;
  const input = [...new Set([...model.input, "image"])];
  return modelEntryCommands(catalog, model.provider, model, { input }).input;
}
