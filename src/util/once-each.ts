/**
 * A function that passes each (key, text) pair on to `say` the first time it sees it, and drops
 * repeats: for notes that would otherwise be written once per request. It remembers at most
 * `limit` pairs; past that it forgets them all and starts again, so memory stays bounded.
 */
export function onceEach(
  say: (key: string, text: string) => void,
  limit = 1000,
): (key: string, text: string) => void {
  const seen = new Set<string>();
  return (key, text) => {
    const id = `${key}\u0000${text}`;
    if (seen.has(id)) return;
    if (seen.size >= limit) seen.clear();
    seen.add(id);
    say(key, text);
  };
}
