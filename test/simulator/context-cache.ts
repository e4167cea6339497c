/**
 * Moonshot's automatic context caching, as the simulator plays it when told to
 * (`contextCaching`): the longest run of leading messages (with the tools offered) that an
 * earlier request of the same account already sent counts as cached, in `cached_tokens`. Kimi
 * Code caches under the request's `prompt_cache_key` only: without one, requests of a session
 * land where nothing of theirs is cached (the reference: "a stable `prompt_cache_key` per
 * session helps").
 */
import { estimatePromptTokens } from "./tokens.js";
import type { SimSurface } from "./types.js";

type Json = Record<string, unknown>;

/** Earlier requests remembered per cache, at most; the oldest go first. */
const KEPT_PER_CACHE = 32;

export interface ContextCache {
  /** The cached tokens of `body`'s prompt (at most `promptTokens`), then remembers it. */
  cachedTokens(surface: SimSurface, key: string, body: Json, promptTokens: number): number;
}

export function createContextCache(): ContextCache {
  const caches = new Map<string, string[][]>();
  return {
    cachedTokens(surface, key, body, promptTokens) {
      const cacheKey = body.prompt_cache_key;
      if (surface === "kimi-code" && typeof cacheKey !== "string") return 0;
      const name = `${surface}\u0000${key}\u0000${surface === "kimi-code" ? cacheKey : ""}`;
      const blocks = [
        JSON.stringify(body.tools ?? null),
        ...(Array.isArray(body.messages) ? body.messages : []).map((m) => JSON.stringify(m)),
      ];
      const earlier = caches.get(name) ?? [];
      let longest = 0;
      for (const seen of earlier) {
        let same = 0;
        while (same < seen.length && same < blocks.length && seen[same] === blocks[same]) same++;
        longest = Math.max(longest, same);
      }
      earlier.push(blocks);
      if (earlier.length > KEPT_PER_CACHE) earlier.shift();
      caches.set(name, earlier);
      // The tools alone are no cached prefix: a message at least must match.
      if (longest < 2) return 0;
      const prefix = {
        tools: body.tools,
        messages: (body.messages as unknown[]).slice(0, longest - 1),
      };
      return Math.min(promptTokens, estimatePromptTokens(prefix));
    },
  };
}
