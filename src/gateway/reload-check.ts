/**
 * What the reload log line says of a reload that applied: the files that changed and the
 * start-only settings that wait for a restart. Pure.
 */

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
