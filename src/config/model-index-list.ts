/**
 * Which index each model of a provider's `models` list has, as a hint says it when a path or a
 * key names a model another way: `models[0] is kimi-k2.5, models[1] is kimi-k2-0905-preview`.
 * Pure; imports nothing of the schema, which uses it.
 */

/** The ids of a `models` list's elements, by index (undefined where an element has none). */
export function modelIds(list: unknown): (string | undefined)[] {
  if (!Array.isArray(list)) return [];
  return list.map((model: unknown) => {
    const id =
      typeof model === "object" && model !== null && !Array.isArray(model)
        ? (model as Record<string, unknown>).id
        : undefined;
    return typeof id === "string" ? id : undefined;
  });
}

/** `models[0] is kimi-k2.5, models[1] is …`: the first five, then `…`. */
export function modelIndexList(ids: readonly (string | undefined)[]): string {
  const named = ids.flatMap((id, index) => (id === undefined ? [] : [`models[${index}] is ${id}`]));
  const shown = named.slice(0, 5).join(", ");
  return named.length > 5 ? `${shown}, …` : shown;
}
