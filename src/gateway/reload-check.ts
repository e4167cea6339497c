/**
 * Whether a reloaded config may replace the one being served, and what the reload log says. A
 * config `openclaw config validate` fails (a default model or fallback that names nothing, an
 * alias two models share, …) is refused like a file that does not parse: the last good config
 * keeps serving, and the log says what is wrong where. Problems the served config has already
 * do not stop a reload (it may be the fix of another one), as they do not stop `config set`
 * (newCatalogErrors tells them apart for both). Pure.
 */
import {
  type CatalogFinding,
  findingKey,
  foldSharedCauses,
  withAffects,
} from "../catalog/index.js";

/** The log line of a reload refused for `found` (not empty), after its prefix. */
export function refusedReloadText(configPath: string, found: readonly CatalogFinding[]): string {
  // A provider's problem once, with what it affects, not again for each ref to its models.
  const fresh = foldSharedCauses(found);
  const [first] = fresh;
  const said = (finding: CatalogFinding) => withAffects(findingKey(finding), finding);
  const listed =
    fresh.length === 1 && first
      ? said(first)
      : `${fresh.length} problems\n${fresh.map((finding) => `  - ${said(finding)}`).join("\n")}`;
  const hint = first?.hint ? `${first.hint}; ` : "";
  return `${configPath} does not pass openclaw config validate: ${listed}\n  hint: ${hint}fix the file and save it again (openclaw config validate lists every problem)`;
}

/**
 * What the reload line says changed: the files the watcher saw change, the config file's own
 * includes and the credential store named as such. Empty when a reload was asked for directly.
 */
export function describeChangedFiles(
  changed: readonly string[],
  configPath: string,
  credentialStore: string,
): string {
  if (changed.length === 0) return "";
  const named = changed.map((file) =>
    file === configPath
      ? file
      : file === credentialStore
        ? `${file} (the credential store)`
        : `${file} (included)`,
  );
  return ` (${named.join(", ")} changed)`;
}

/**
 * The end of the reload line when some changed settings are read at start only: everything else
 * applied, these wait for a restart (each is said on a line of its own after it).
 */
export function startOnlyText(paths: readonly string[]): string {
  if (paths.length === 0) return "";
  const list = paths.join(", ");
  return `; applied, except ${list}, read at start only: ${paths.length === 1 ? "it needs" : "they need"} a restart`;
}
