/**
 * A provider's id given where a model is wanted (`--model kimi-code`, `models set moonshot`, a
 * gateway client's `"model": "kimi-code"`): no model or alias has that name, and a spelling match
 * only offers some of the provider's refs, or an alias of the provider's name. Here the refusal
 * says the name is a provider's and names the refs of its models to use instead, the default
 * model first when it is one of them. The catalog and the gateway each pass the models they
 * offer; the wording for a person (the CLI, a program) and for a gateway client is made here.
 * Pure.
 */

/** A provider named where a model was wanted, with the refs of its models that can be asked for. */
export interface ProviderAsModel {
  /** The provider's id (`kimi-code`), in lower case whatever case it was named in. */
  provider: string;
  /** `provider/model` refs, the default model first when it is one of them. */
  refs: string[];
}

/** How many refs a hint names before it says how many more there are. */
const NAMED_AT_MOST = 4;

/**
 * The provider `name` is the id of (any case, spaces around it ignored), when `refsOf` gives it
 * models to offer; `primary` is the default model's ref, put first when it is one of them. A ref
 * begun and left without its model (`moonshot/`, as Enter pressed too soon or a completion leaves
 * it) names the provider too: it was told "If "moonshot/" is a new model of moonshot, add it …".
 */
export function providerAsModel(
  name: string,
  refsOf: (providerId: string) => readonly string[] | undefined,
  primary: string | undefined,
): ProviderAsModel | undefined {
  const provider = name.trim().toLowerCase().replace(/\/$/, "");
  if (provider === "" || provider.includes("/")) return undefined;
  const refs = refsOf(provider);
  if (refs === undefined || refs.length === 0) return undefined;
  const first = refs.filter((ref) => ref === primary);
  return { provider, refs: [...first, ...refs.filter((ref) => ref !== primary)] };
}

/** What is wrong: `"kimi-code" is a provider, not a model or alias`. */
export function providerAsModelReason(found: ProviderAsModel): string {
  return `"${found.provider}" is a provider, not a model or alias`;
}

/**
 * The refs to use, quoted: `"a"`, `"a" or "b"`, `"a", "b" or "c"`; past four, the first four and
 * how many more there are.
 */
function refChoice(refs: readonly string[]): string {
  const shown = refs.slice(0, NAMED_AT_MOST).map((ref) => JSON.stringify(ref));
  const more = refs.length - shown.length;
  if (more > 0) return `${shown.join(", ")} (and ${more} more)`;
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`;
}

/**
 * What a person does instead (a `--model`, `models set`, the config's model, a program's `model`
 * option): name a model by its ref. `listMore` is what lists them all, said when some are left
 * out.
 */
export function providerAsModelHint(found: ProviderAsModel, listMore?: string): string {
  const which =
    found.refs.length === 1
      ? `name its model by its ref: ${refChoice(found.refs)}`
      : `name one of its models by its ref: ${refChoice(found.refs)}`;
  const all =
    found.refs.length > NAMED_AT_MOST && listMore !== undefined
      ? `; see them all with: ${listMore}`
      : "";
  return `${which}${all}`;
}

/** The same for a gateway client, which asks for a model in the request's `model` field. */
export function providerAsModelClientHint(found: ProviderAsModel): string {
  const which =
    found.refs.length === 1
      ? `send its model's ref as "model": ${refChoice(found.refs)}`
      : `send one of its models' refs as "model": ${refChoice(found.refs)}`;
  const all = found.refs.length > NAMED_AT_MOST ? "; GET /v1/models lists them all" : "";
  return `${which}${all}`;
}
