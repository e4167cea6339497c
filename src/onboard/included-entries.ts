/**
 * Where a model's entries in the config are written when a file the main one includes holds
 * them: what `models scan --prune`, which edits only the main file, cannot take out, and must
 * name for a person to edit. Reads the config's files.
 */
import { type Catalog, canonicalRef } from "../catalog/index.js";
import { includedOrigin, type PathSegment, type ValueOrigin } from "../config/index.js";

export interface EntriesOfRef {
  ref: string;
  /** The included files (and lines) holding an entry of the ref. */
  included: ValueOrigin[];
  /** Whether the main file holds an entry of the ref too: a prune can take that one out. */
  inMainFile: boolean;
}

/** The paths of `ref`'s entries in the merged config: its `models[]` element, its allowlist key. */
function entryPaths(catalog: Catalog, ref: string): PathSegment[][] {
  const config = catalog.source.config;
  const slash = ref.indexOf("/");
  const provider = ref.slice(0, slash);
  const id = ref.slice(slash + 1);
  const paths: PathSegment[][] = [];
  for (const [key, entry] of Object.entries(config.models?.providers ?? {})) {
    if (key.toLowerCase() !== provider) continue;
    const index = (entry.models ?? []).findIndex((model) => model.id === id);
    if (index >= 0) paths.push(["models", "providers", key, "models", index]);
  }
  for (const key of Object.keys(config.agents?.defaults?.models ?? {}))
    if (canonicalRef(key) === ref) paths.push(["agents", "defaults", "models", key]);
  return paths;
}

/** For each ref, where the config (`catalog`, includes merged) has entries of it. */
export function entriesOfRefs(catalog: Catalog, refs: readonly string[]): EntriesOfRef[] {
  const mainFile = catalog.source.path;
  return refs.map((ref) => {
    const included: ValueOrigin[] = [];
    let inMainFile = false;
    for (const path of entryPaths(catalog, ref)) {
      const origin = includedOrigin(mainFile, path);
      if (origin) included.push(origin);
      else inMainFile = true;
    }
    return { ref, included, inMainFile };
  });
}
