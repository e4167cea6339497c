/**
 * Whether a model names an id its provider no longer serves: the spec page (and configs copied
 * from it) still name such ids, and nothing but the first request would say so, with a 404.
 * Where the provider's own list of the models a key can use (`GET /models`) was read, that list
 * decides; without one, the marks of openclaw's built-in list do (Moonshot's ids churn faster
 * than any hard-coded list).
 */
import { closestMatches } from "../util/suggest.js";
import { type Catalog, canonicalRef } from "./build.js";
import { type BuiltinModel, builtinProvider } from "./builtin-providers.js";
import { findRef, formatRef } from "./resolve.js";

/** A provider's list of the models its key can use, as its `GET /models` gave it. */
export interface LiveModelList {
  /** The ids listed (never empty: an empty list says nothing about any one id). */
  ids: readonly string[];
  /** The request that read it, as said to a person: `GET /v1/models`. */
  request: string;
}

/** The live lists read, by provider id. */
export type LiveModelLists = ReadonlyMap<string, LiveModelList>;

/** Where a verdict that an id is not served comes from. */
export type ServedVerdict =
  /** The provider's list for this key leaves it out; `closest`: ids of that list to use instead. */
  | {
      /** The provider's own list says so. */
      source: "live";
      /** The request that read the list, as said to a person: `GET /v1/models`. */
      request: string;
      /** Ids of that list closest to the one asked for, to use instead. */
      closest: string[];
    }
  /** No live list was read: openclaw's built-in list marks it retired (in `year`). */
  | {
      /** The built-in list says so. */
      source: "builtin";
      /** The year the id was retired. */
      year: number;
    };

/** A model an input names that its provider no longer serves, and what to use instead. */
export interface RetiredModelUse {
  /** The canonical ref the input names (`moonshot/kimi-k2-thinking`). */
  ref: string;
  /** The ref to use instead, of the same provider (`moonshot/kimi-k2.5`). */
  replacement: string;
  /**
   * When the input is an alias: its name as the config writes it, and the dotted path of that
   * alias (`agents.defaults.models["moonshot/kimi-k2-thinking"].alias`).
   */
  alias?: {
    /** The alias as the config writes it (`Kimi K2 Thinking`). */
    name: string;
    /** The dotted path of the alias: `agents.defaults.models["moonshot/kimi-k2-thinking"].alias`. */
    path: string;
  };
  /** Which list says the id is not served. */
  verdict: ServedVerdict;
}

/**
 * The model `input` (a ref, alias or bare id) names when its provider does not serve it, with a
 * replacement; undefined when it names no model, or one served. With a live list for its
 * provider in `live`, that list decides (an id it lists is served, marked retired or not); with
 * none, the built-in list's retired mark does.
 */
export function retiredModelUse(
  catalog: Catalog,
  input: string,
  live?: LiveModelLists,
): RetiredModelUse | undefined {
  const found = findRef(catalog, input);
  if (!found) return undefined;
  const verdict = servedVerdict(found.provider, found.model, live);
  if (!verdict) return undefined;
  const ref = formatRef(found);
  const alias = aliasNaming(catalog, input, ref);
  const replacement =
    verdict.source === "live"
      ? verdict.closest[0]
      : retiredMark(found.provider, found.model)?.replacedBy;
  return {
    ref,
    replacement: `${found.provider}/${replacement ?? ""}`,
    ...(alias ? { alias } : {}),
    verdict,
  };
}

/**
 * Why `provider`'s model `id` is not served, or undefined when it is (or nothing says it is not):
 * the live list of `provider` in `live` when there is one, else the built-in list's mark.
 */
export function servedVerdict(
  provider: string,
  id: string,
  live?: LiveModelLists,
): ServedVerdict | undefined {
  const list = live?.get(provider);
  if (list && list.ids.length > 0) {
    if (list.ids.includes(id)) return undefined;
    return { source: "live", request: list.request, closest: closestListedIds(provider, id, list) };
  }
  const mark = retiredMark(provider, id);
  return mark ? { source: "builtin", year: mark.year } : undefined;
}

/**
 * Up to three ids of `list` to use in place of `id`: those it is a typo of, then the built-in
 * replacement when listed, then those sharing the longest start with it.
 */
export function closestListedIds(provider: string, id: string, list: LiveModelList): string[] {
  const near = closestMatches(id, list.ids, 3);
  const replacement = retiredMark(provider, id)?.replacedBy;
  if (replacement !== undefined && list.ids.includes(replacement)) near.push(replacement);
  const byStart = [...list.ids].sort(
    (a, b) => sharedStart(id, b) - sharedStart(id, a) || a.localeCompare(b),
  );
  return [...new Set([...near, ...byStart])].slice(0, 3);
}

/** A model a key's list leaves out, as a warning names it: `where` it is written, ids to use. */
export interface UnlistedNaming {
  /** The model as named (a ref). */
  name: string;
  /** Where it is written (the config path or `file:line`), when known. */
  where: string | undefined;
  /** The listed ids closest to it. */
  closest: readonly string[];
}

/**
 * The models as a warning names them, `name (where)`, and the listed ids closest to them: said
 * once after them (`closest`) when the same for all, else beside each.
 */
export function namedWithClosest(models: readonly UnlistedNaming[]): {
  named: string;
  closest: string;
} {
  const texts = models.map((model) => model.closest.join(", "));
  const shared = texts.every((text) => text === texts[0]);
  const named = models
    .map((model, index) => {
      const notes = [
        ...(model.where !== undefined ? [model.where] : []),
        ...(shared ? [] : [`closest it can use: ${texts[index]}`]),
      ];
      return notes.length > 0 ? `${model.name} (${notes.join("; ")})` : model.name;
    })
    .join(", ");
  return { named, closest: shared && texts[0] ? `; the closest ids it can use: ${texts[0]}` : "" };
}

function sharedStart(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length += 1;
  return length;
}

/**
 * The mark openclaw's built-in list puts on `provider`'s model `id` when that provider's API has
 * retired it; undefined for an id still served, or one the built-in list does not know.
 */
export function retiredMark(provider: string, id: string): BuiltinModel["retired"] {
  return builtinProvider(provider)?.models.find((model) => model.id === id)?.retired;
}

/** The alias `input` is, when it is one of `ref`'s, and where the config writes it. */
function aliasNaming(
  catalog: Catalog,
  input: string,
  ref: string,
): RetiredModelUse["alias"] | undefined {
  const name = input.trim().toLowerCase();
  const alias = catalog.aliases.get(name);
  if (alias?.ref !== ref) return undefined;
  const entries = catalog.source.config.agents?.defaults?.models ?? {};
  const key = Object.keys(entries).find(
    (written) =>
      canonicalRef(written) === ref && entries[written]?.alias?.trim().toLowerCase() === name,
  );
  return key === undefined
    ? undefined
    : { name: alias.alias, path: `agents.defaults.models["${key}"].alias` };
}
