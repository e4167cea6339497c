/**
 * A model's own key typed where the provider's keys go (`models.providers.moonshot.contextWindow`,
 * as the provider page's note on `contextWindow` invites), or a model named by its id where the
 * list wants its index (`…models["kimi-k2.5"].contextWindow`): the path that sets it for a model,
 * with the index each of the provider's models has in the file. Pure.
 */
import { OpenClawError } from "../errors.js";
import { modelIds, modelIndexList } from "./model-index-list.js";
import { configSchema } from "./schema.js";
import { formatPath, isPlainObject, type PathSegment, type SchemaNode } from "./schema-dsl.js";

/** The keys a model of a provider takes (`contextWindow`, `maxTokens`, `cost`, …). */
function modelKeys(): readonly string[] {
  const provider = configSchema.child?.("models");
  const providers = provider === "any" ? undefined : provider?.child?.("providers");
  const one = providers === "any" ? undefined : providers?.child?.("p");
  const models = one === "any" ? undefined : one?.child?.("models");
  const model: SchemaNode | "any" | undefined = models === "any" ? undefined : models?.child?.(0);
  return model === "any" || model === undefined ? [] : (model.keys?.() ?? []);
}

/** The keys a provider takes itself: a key of both (`headers`, `compat`) is not misplaced. */
function providerKeys(): readonly string[] {
  const models = configSchema.child?.("models");
  const providers = models === "any" ? undefined : models?.child?.("providers");
  const one = providers === "any" ? undefined : providers?.child?.("p");
  return one === "any" || one === undefined ? [] : (one.keys?.() ?? []);
}

/** The ids of the models the file lists for `provider`, by index (undefined: no list there). */
function listedIds(root: unknown, provider: string): (string | undefined)[] | undefined {
  if (!isPlainObject(root)) return undefined;
  const models = root.models;
  const providers = isPlainObject(models) ? models.providers : undefined;
  const entry = isPlainObject(providers) ? providers[provider] : undefined;
  const list = isPlainObject(entry) ? entry.models : undefined;
  return Array.isArray(list) ? modelIds(list) : undefined;
}

/**
 * The error of `config set` for a model's key typed on its provider, or a model named by id in
 * its provider's list; undefined for any other path. `root`: the main file as written.
 */
export function misplacedModelKeyError(
  root: unknown,
  segments: readonly PathSegment[],
): OpenClawError | undefined {
  const [models, providers, provider, key, ...rest] = segments;
  if (models !== "models" || providers !== "providers" || typeof provider !== "string")
    return undefined;
  if (typeof key !== "string") return undefined;
  const ids = listedIds(root, provider);
  const base = ["models", "providers", provider, "models"] as const;
  const quoted = (path: readonly PathSegment[]) => `'${formatPath(path)}'`;
  // No list in the file: an element [0] set alone would be a model without its id and name.
  const addFirst = (name: string, id = "<model id>") =>
    `add the model to that list with its id and name: openclaw config set ${quoted(base)} '[{id: "${id}", name: "<name>", ${name}: <value>}]'`;
  // `models.providers.moonshot.contextWindow`: a model's key on the provider.
  if (modelKeys().includes(key) && !providerKeys().includes(key)) {
    const wrong = formatPath(segments.slice(0, 4));
    const hint =
      ids === undefined || ids.length === 0
        ? addFirst(key)
        : `set it for a model by its index in that list (${modelIndexList(ids)}): openclaw config set ${quoted([...base, 0, key, ...rest])} <value>`;
    return new OpenClawError(
      "config.unknown_key",
      `${wrong} is not a key of the config (the path given on the command line): ${key} is set for each model, in ${formatPath(base)}`,
      { hint, where: wrong, exitCode: 2 },
    );
  }
  // `…models["kimi-k2.5"].contextWindow`: a model named by its id; `…models.contextWindow`: a
  // model's key right after the list, without the element's index.
  const [id, ...below] = rest;
  if (key !== "models" || typeof id !== "string" || /^\d+$/.test(id)) return undefined;
  const index = ids?.indexOf(id) ?? -1;
  const isKey = index < 0 && modelKeys().includes(id);
  const wrong = isKey ? formatPath([...base, id]) : `${formatPath(base)}[${JSON.stringify(id)}]`;
  const after = isKey ? [id, ...below] : below;
  const last = after.find((segment): segment is string => typeof segment === "string");
  const hint =
    index >= 0
      ? `${id} is models[${index}]: openclaw config set ${quoted([...base, index, ...below])} <value>`
      : ids === undefined || ids.length === 0
        ? addFirst(last ?? "<key>", isKey ? undefined : id)
        : `${isKey ? "write the index of the model" : `${id} is not in that list; write the index of the model meant`} (${modelIndexList(ids)}): openclaw config set ${quoted([...base, 0, ...after])} <value>`;
  return new OpenClawError(
    "config.unknown_key",
    `${wrong} is not a key of the config (the path given on the command line): ${formatPath(base)} is a list, whose elements are written [0], [1]…${isKey ? "" : ", not by model id"}`,
    { hint, where: wrong, exitCode: 2 },
  );
}
