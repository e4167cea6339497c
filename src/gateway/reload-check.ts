/**
 * Whether a reloaded config may replace the one being served, and what the reload log says. A
 * config `openclaw config validate` fails (a default model or fallback that names nothing, an
 * alias two models share, …) is refused like a file that does not parse: the last good config
 * keeps serving, and the log says what is wrong where. Problems the served config has already
 * do not stop a reload (it may be the fix of another one), as they do not stop `config set`. Pure.
 */
import { type Catalog, type CatalogFinding, checkCatalog } from "../catalog/index.js";

function errorsOf(catalog: Catalog): CatalogFinding[] {
  return checkCatalog(catalog).filter((finding) => finding.level === "error");
}

const keyOf = (finding: CatalogFinding) => `${finding.path}: ${finding.message}`;

/** The errors `config validate` finds in `next` that the config being served does not have. */
export function newConfigErrors(serving: Catalog, next: Catalog): CatalogFinding[] {
  const found = errorsOf(next);
  if (found.length === 0) return [];
  const old = new Set(errorsOf(serving).map(keyOf));
  return found.filter((finding) => !old.has(keyOf(finding)));
}

/** The log line of a reload refused for `fresh` (not empty), after its prefix. */
export function refusedReloadText(configPath: string, fresh: readonly CatalogFinding[]): string {
  const [first] = fresh;
  const listed =
    fresh.length === 1 && first
      ? keyOf(first)
      : `${fresh.length} problems\n${fresh.map((finding) => `  - ${keyOf(finding)}`).join("\n")}`;
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
