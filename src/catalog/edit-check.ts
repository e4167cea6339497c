/**
 * What `config validate` fails beyond the schema (an alias used twice, a default model naming
 * nothing), checked on an edited config before it is written, for every command that edits it
 * (`config set`/`unset`, `models set`, `models aliases …`, `models fallbacks …`). Pure.
 */
import type { LoadedConfig } from "../config/index.js";
import { OpenClawError } from "../errors.js";
import { buildCatalog } from "./build.js";
import { type CatalogFinding, checkCatalog } from "./check.js";

function catalogErrors(loaded: LoadedConfig): CatalogFinding[] {
  return checkCatalog(buildCatalog(loaded)).filter((finding) => finding.level === "error");
}

/**
 * Throws when the edited config (`after`, `$include`s merged) has a catalog error that the
 * config before the edit did not have. Problems it already had do not stop an edit (it may be
 * the fix of one of them); the schema check before this one refuses any invalid result.
 */
export function refuseNewCatalogErrors(
  after: LoadedConfig,
  before: () => LoadedConfig | undefined,
): void {
  const now = catalogErrors(after);
  if (now.length === 0) return;
  const key = (finding: CatalogFinding) => `${finding.path}: ${finding.message}`;
  const previous = before();
  const old = new Set(previous ? catalogErrors(previous).map(key) : []);
  const fresh = now.filter((finding) => !old.has(key(finding)));
  const first = fresh[0];
  if (!first) return;
  const listed =
    fresh.length === 1
      ? key(first)
      : `${fresh.length} problems\n${fresh.map((finding) => `  - ${key(finding)}`).join("\n")}`;
  throw new OpenClawError(
    "config.invalid",
    `the change would make the config invalid: ${listed}\nnothing was written`,
    // The change is what the command line asked for: a usage mistake (exit 2), as a value of the
    // wrong type is.
    {
      hint: first.hint ?? "see what config validate says about it: openclaw config validate",
      exitCode: 2,
    },
  );
}
