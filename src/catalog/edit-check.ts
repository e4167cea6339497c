/**
 * What `config validate` fails beyond the schema (an alias used twice, a default model naming
 * nothing), checked on an edited config before it is written, for every command that edits it
 * (`config set`/`unset`, `models set`, `models aliases …`, `models fallbacks …`). Pure.
 */
import { type EditedPath, formatPath, isPathWithin, type LoadedConfig } from "../config/index.js";
import { OpenClawError } from "../errors.js";
import { buildCatalog, type Catalog } from "./build.js";
import { type CatalogFinding, checkCatalog } from "./check.js";

function catalogErrors(catalog: Catalog): CatalogFinding[] {
  return checkCatalog(catalog).filter((finding) => finding.level === "error");
}

/** How a finding is told apart from another: its path and what it says. */
export function findingKey(finding: CatalogFinding): string {
  return `${finding.path}: ${finding.message}`;
}

/**
 * The errors `config validate` finds in `next` that `before` did not have: what an edit or a
 * reload brings in. Problems already there do not count (the change may be the fix of another).
 */
export function newCatalogErrors(next: Catalog, before: Catalog | undefined): CatalogFinding[] {
  const found = catalogErrors(next);
  if (found.length === 0) return [];
  const old = new Set(before ? catalogErrors(before).map(findingKey) : []);
  return found.filter((finding) => !old.has(findingKey(finding)));
}

/**
 * Throws when the edited config (`after`, `$include`s merged) has a catalog error that the
 * config before the edit did not have. Problems it already had do not stop an edit (it may be
 * the fix of one of them); the schema check before this one refuses any invalid result. With
 * `edited` (the path `config set` set), a problem in the value set is said to be the value given
 * on the command line, as the schema check says it.
 */
export function refuseNewCatalogErrors(
  after: LoadedConfig,
  before: () => LoadedConfig | undefined,
  edited?: EditedPath,
): void {
  const typed =
    edited?.action === "set"
      ? (path: string) => isPathWithin(path, formatPath(edited.path))
      : undefined;
  const shown = (finding: CatalogFinding) =>
    `${findingKey(finding)}${typed?.(finding.path) ? " (the value given on the command line)" : ""}`;
  const previous = before();
  // A problem two places share (an alias two models have) is blamed on the one the command line
  // set, when it set one of them, not on the entry that was already there. A problem in the value
  // set takes the hint for a value that is not in the file (nothing was written).
  const blamed = (finding: CatalogFinding): CatalogFinding =>
    finding.alsoAt && typed?.(finding.alsoAt) && !typed(finding.path)
      ? {
          ...finding,
          path: finding.alsoAt,
          alsoAt: finding.path,
          hint: finding.alsoAtHint ?? finding.hint,
        }
      : typed?.(finding.path) && finding.setHint
        ? { ...finding, hint: finding.setHint }
        : finding;
  const fresh = newCatalogErrors(
    buildCatalog(after),
    previous ? buildCatalog(previous) : undefined,
  ).map(blamed);
  const first = fresh[0];
  if (!first) return;
  const listed =
    fresh.length === 1
      ? shown(first)
      : `${fresh.length} problems\n${fresh.map((finding) => `  - ${shown(finding)}`).join("\n")}`;
  const hint = first.hint ?? "see what config validate says about it: openclaw config validate";
  throw new OpenClawError("config.invalid", `the change would make the config invalid: ${listed}`, {
    where: first.path,
    // The message says what is wrong; that the file is as it was goes with what to do.
    hint: `${hint}; nothing was written`,
    // The change is what the command line asked for: a usage mistake (exit 2), as a value of the
    // wrong type is.
    exitCode: 2,
  });
}
