/**
 * Where createRuntime finds a run's models: its `catalog`, or a `resolveChain` of the program's
 * own. Plain JavaScript can give neither, or a catalog that is none: the runtime was made all the
 * same and each run then failed with code `internal` ("createRuntime needs a catalog or
 * resolveChain"), told as openclaw's own mistake, or with a TypeError from inside the catalog.
 */
import { OpenClawError } from "../errors.js";
import { checkCatalogArgument } from "../util/catalog-arguments.js";
import { passedValue } from "../util/passed-value.js";

/** Throws (code `usage`) unless `options` gives a catalog or a resolveChain function. */
export function checkChainSource(options: { catalog?: unknown; resolveChain?: unknown }): void {
  const { catalog, resolveChain } = options;
  if (resolveChain !== undefined && typeof resolveChain !== "function") {
    throw new OpenClawError(
      "usage",
      `createRuntime's option resolveChain must be a function ((ref) => ResolvedModel[]), got ${passedValue(resolveChain)}`,
      { where: "resolveChain", hint: "pass such a function, or leave it out to use catalog" },
    );
  }
  if (catalog !== undefined) {
    checkCatalogArgument("createRuntime", catalog);
    return;
  }
  if (resolveChain !== undefined) return;
  throw new OpenClawError(
    "usage",
    "createRuntime needs the option catalog (or resolveChain), got neither",
    {
      where: "catalog",
      hint: "pass catalog: what loadCatalog() or buildCatalog(loadConfigObject(config)) returns, or resolveChain: (ref) => ResolvedModel[] for the models a run tries",
    },
  );
}
