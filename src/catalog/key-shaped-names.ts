/**
 * Names in the config shaped like an API key (`"sk-kimi-…": {…}` under models.providers, an
 * alias's `"sk-…/model"`, a header's or a variable's name, a model's id, an `$include` path): a key
 * pasted where a name goes. Every message shows such a name masked (`sk-kimi-***`), so the person
 * could not tell which name is meant: `config validate` and doctor's config check warn about each,
 * at its file:line, saying why it reads as `***` and what to do.
 */
import { formatPath, hasKeyShapedName, type PathSegment } from "../config/index.js";
import type { CatalogFinding } from "./check.js";

/** Values that are names: a model's id, an included file's path. */
function isNamingValue(path: readonly PathSegment[]): boolean {
  const last = path[path.length - 1];
  const key = typeof last === "number" ? path[path.length - 2] : last;
  if (key === "$include") return true;
  return key === "id" && path[0] === "models" && path[1] === "providers";
}

function finding(path: readonly PathSegment[], what: string): CatalogFinding {
  return {
    level: "warning",
    path: formatPath(path),
    message: `${what} is shaped like an API key, so messages show it masked: a key pasted where a name goes?`,
    hint: "give it a plain name at this line; if it is a real key, revoke it in the provider's console and make a new one, which goes under apiKey (or run: openclaw onboard)",
  };
}

export function keyShapedNameFindings(written: unknown): CatalogFinding[] {
  const found: CatalogFinding[] = [];
  const visit = (value: unknown, path: PathSegment[]): void => {
    if (typeof value === "string") {
      if (isNamingValue(path) && hasKeyShapedName(value)) found.push(finding(path, "the value"));
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index]);
      });
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (hasKeyShapedName(key)) found.push(finding([...path, key], "the name"));
        visit(item, [...path, key]);
      }
    }
  };
  visit(written, []);
  return found;
}
