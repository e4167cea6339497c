/**
 * `models list --json` and `models status --json` with the same keys whatever the config holds:
 * a field with no value is `null`, where JSON.stringify left it out, and a script had to test
 * whether `.alias`, `.contextWindow` or `.defaultProblem` was there before reading it.
 */
import type { Credit, KeyCheckAlternative, KeyCheckEndpoint, RemoteModel } from "../auth/index.js";
import type { UnlistedModels } from "../doctor/unlisted-models.js";
import type { KeyProbe, ModelRow, ModelsStatus } from "../onboard/index.js";

/** `T` with each of `K` always there: its value, or null for none. */
type WithNulls<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> | null };

/** `value` with each of `keys` set: to what it holds, or to null when it holds nothing. */
export function withNulls<T extends object, K extends keyof T>(
  value: T,
  keys: readonly K[],
): WithNulls<T, K> {
  const out: Record<PropertyKey, unknown> = { ...(value as Record<PropertyKey, unknown>) };
  for (const key of keys) out[key] = value[key] ?? null;
  return out as WithNulls<T, K>;
}

/** A config problem, as both commands list it: where it is written, and what to do, or null. */
function problemJson<T extends { file?: string; line?: number; hint?: string }>(problem: T) {
  return withNulls(problem, ["file", "line", "hint"]);
}

/** `models list --json`'s object. */
export function modelListJson<P extends { file?: string; line?: number; hint?: string }>(
  rows: readonly ModelRow[],
  problems: readonly P[],
) {
  return {
    models: rows.map((row) => ({
      ...withNulls(row, ["name", "contextWindow", "alias", "disabled"]),
      auth: withNulls(row.auth, ["source", "masked"]),
    })),
    problems: problems.map(problemJson),
  };
}

/** An endpoint a probe names: where it is and the headers it was asked with, `{}` for none. */
function endpointJson<T extends KeyCheckEndpoint>(endpoint: T) {
  // The api only picks where the probe asked (sideRequestBase): not a field of the JSON.
  const { api: _api, ...shown } = {
    ...withNulls(endpoint, ["address", "provider"]),
    headers: endpoint.headers ?? {},
  };
  return shown;
}

/** A model a provider's list gave: the fields its endpoint did not send are null. */
function remoteModelJson(model: RemoteModel) {
  return withNulls(model, [
    "ownedBy",
    "contextLength",
    "supportsReasoning",
    "supportsImageIn",
    "supportsVideoIn",
  ]);
}

/**
 * What a key has left: a balance as it is; a plan quota with the week's count and each window
 * with the same keys (a window told only as a share used has its counts null, and the other way).
 * The same object in `models status --json`'s probes and `doctor --json`'s credit finding.
 */
export function creditJson(credit: Credit) {
  if (credit.kind === "balance") return credit;
  return {
    ...withNulls(credit, ["limit", "remaining", "resetTime", "windowsLeftOut"]),
    windows: (credit.windows ?? []).map((window) => ({
      limit: null,
      remaining: null,
      usedRatio: null,
      ...withNulls(window, ["minutes", "resetTime", "resetsIn"]),
    })),
  };
}

/** One provider's probe, every field there: null (or an empty list) when it has no value. */
function probeJson(probe: KeyProbe) {
  const { result } = probe;
  return {
    ...withNulls(probe, ["keyBelongsTo", "creditUnreadable"]),
    credit: probe.credit ? creditJson(probe.credit) : null,
    result: {
      ...withNulls(result, ["hint", "httpStatus", "connectCode"]),
      genericUnreachableHint: result.genericUnreachableHint === true,
      acceptedBy: result.acceptedBy ? endpointJson(result.acceptedBy) : null,
      models: result.models.map(remoteModelJson),
      unchecked: (result.unchecked ?? []).map((alternative: KeyCheckAlternative) =>
        endpointJson(alternative),
      ),
    },
  };
}

/** A provider's models its list leaves out, each where the config writes it, or null. */
function unlistedJson(unlisted: UnlistedModels) {
  return {
    ...unlisted,
    details: unlisted.details.map((detail) => ({
      ...detail,
      writtenAt: detail.writtenAt ? withNulls(detail.writtenAt, ["file", "line"]) : null,
    })),
  };
}

/**
 * `models status --probe --json`'s `probes` and `unlistedModels`: the probes with every field
 * there, null when it has no value; without --probe, both null (nothing was asked).
 */
export function probesJson(
  probes: readonly KeyProbe[] | undefined,
  unlisted: readonly UnlistedModels[],
) {
  if (probes === undefined) return { probes: null, unlistedModels: null };
  return { probes: probes.map(probeJson), unlistedModels: unlisted.map(unlistedJson) };
}

/** `models status --json`'s status (its probes, with --probe, are added by probesJson). */
export function modelsStatusJson<
  P extends ModelsStatus["problems"][number] & { file?: string; line?: number; hint?: string },
>(status: Omit<ModelsStatus, "problems"> & { problems: readonly P[] }) {
  return {
    ...withNulls(status, ["default", "defaultProblem", "defaultHint", "proxy", "proxyProblem"]),
    leftOut: status.leftOut.map((member) => withNulls(member, ["origin", "hint"])),
    keyless: status.keyless.map((member) => withNulls(member, ["origin", "hint"])),
    providers: status.providers.map((provider) => ({
      ...withNulls(provider, ["baseUrl", "active", "masked", "missingHint", "proxy"]),
      sources: provider.sources.map((source) =>
        withNulls(source, ["masked", "detail", "hint", "emptyVariable", "refersTo"]),
      ),
    })),
    problems: status.problems.map((problem) =>
      withNulls(problem, ["file", "line", "hint", "disabledProvider"]),
    ),
  };
}
