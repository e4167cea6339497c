/**
 * A key written in the config as it is (`apiKey: "sk-…"`, not a `${VAR}`) stays in the catalog
 * and in a resolved model's key sources, since the auth module reads it from there. A library user
 * logging a catalog or a model (`console.log`, `util.inspect`, `JSON.stringify`) sees it masked,
 * as the loaded config shows it; code reads the properties as before (the printed forms are
 * non-enumerable, so a spread or Object.keys does not see them).
 */
import { inspect } from "node:util";
import { isSecretValue, redactConfigValue } from "../config/index.js";
import type { CatalogProvider, KeySource } from "./types.js";

function printAs<T extends object>(target: T, view: () => object): T {
  if (!Object.isExtensible(target) || Object.hasOwn(target, inspect.custom)) return target;
  for (const key of ["toJSON", inspect.custom]) {
    Object.defineProperty(target, key, {
      value: view,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return target;
}

/** The `apiKey` value as it may be shown: masked unless it is only `${VAR}` references. */
function shownKey(template: string): unknown {
  return redactConfigValue(template, ["apiKey"]);
}

/** `headers`, printed with a secret value (an `Authorization`, a token) masked; returns it. */
export function concealHeaders(headers: Record<string, string>): Record<string, string> {
  const secret = Object.entries(headers).some(([name, value]) =>
    isSecretValue(["headers", name], value),
  );
  return secret
    ? printAs(headers, () => redactConfigValue({ ...headers }, ["headers"]) as object)
    : headers;
}

/** `provider`, printed with its `apiKey` and headers (its models' too) masked; returns it. */
export function concealProvider(provider: CatalogProvider): CatalogProvider {
  concealHeaders(provider.headers);
  for (const model of provider.models) concealHeaders(model.headers);
  if (provider.apiKeyTemplate === undefined) return provider;
  return printAs(provider, () => ({
    ...provider,
    apiKeyTemplate: shownKey(provider.apiKeyTemplate ?? ""),
  }));
}

/** A config key source, printed with the key written in the config masked; returns it. */
export function concealKeySource<T extends KeySource>(source: T): T {
  if (source.kind !== "config") return source;
  return printAs(source, () => ({ ...source, template: shownKey(source.template) }));
}
