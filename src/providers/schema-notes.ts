/** The words a schema rewrite adds: a note in a description, a value clipped for a change. */

/** A description with `note` added: `note` capitalised alone, or in brackets after the text. */
export function withNote(description: unknown, note: string): string {
  if (typeof description === "string" && description.trim() !== "")
    return `${description} (${note})`;
  return `${note[0]?.toUpperCase() ?? ""}${note.slice(1)}.`;
}

/** A value as JSON, clipped for a note. */
export function clippedValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
