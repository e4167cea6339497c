/**
 * The file and line a catalog problem is written at, found as a schema problem's is (the config's
 * files as parsed, `$include`s followed to the file whose value won the merge). Kept beside the
 * message, not in it: `config set` compares messages before and after an edit, and an edit above
 * a problem moves its line. Reads the config's files, once per call, only when there are problems.
 */
import {
  formatOrigin,
  getAtPath,
  locateOrigin,
  type PathSegment,
  parsePath,
  readConfigTree,
  type ValueOrigin,
} from "../config/index.js";
import type { Catalog } from "./build.js";

function segmentsOf(path: string): PathSegment[] | undefined {
  try {
    return parsePath(path);
  } catch {
    return undefined;
  }
}

/**
 * `hint` without a leading `file:line: ` naming `origin`: some checks put the place in the hint,
 * for the outputs that show no `file` and `line` (doctor, a refused reload); once the finding
 * carries them, the place said again would be printed twice.
 */
function withoutPlace(hint: string, origin: ValueOrigin): string {
  const place = `${formatOrigin(origin)}: `;
  return hint.startsWith(place) ? hint.slice(place.length) : hint;
}

/**
 * `findings` each with the `file` and `line` its dotted path is written at; one whose place is
 * not in the config's files (a built-in provider's) is left as it was.
 */
export function withOrigins<T extends { path: string; hint?: string }>(
  catalog: Catalog,
  findings: readonly T[],
): (T & Partial<ValueOrigin>)[] {
  if (findings.length === 0 || !catalog.source.exists) return [...findings];
  let tree: ReturnType<typeof readConfigTree>;
  try {
    tree = readConfigTree(catalog.source.path);
  } catch {
    return [...findings];
  }
  return findings.map((finding) => {
    const segments = segmentsOf(finding.path);
    // Not written anywhere, not even its section: no line to show.
    if (!segments || getAtPath(tree.value, segments.slice(0, 1)) === undefined) return finding;
    const origin = locateOrigin(tree, catalog.source.path, segments);
    return {
      ...finding,
      ...(finding.hint === undefined ? {} : { hint: withoutPlace(finding.hint, origin) }),
      file: origin.file,
      ...(origin.line ? { line: origin.line } : {}),
    };
  });
}
