/** A request field that is neither left out nor null (OpenAI's "not given"). */
export function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}
