/**
 * `agents.defaults.models` is also the allowlist once it has an entry: a command that writes its
 * first entry (an alias, onboarding) shuts out every other model, and one that takes its last
 * entry away lets them all back in. This says so in words, naming the models that could be used
 * before and now cannot, so that no command changes which models work without a word.
 */
import { buildCatalog, type Catalog, isAllowed } from "../catalog/index.js";
import {
  agentDir,
  type Env,
  type LoadedConfig,
  resolveStateDir,
  shellPath,
} from "../config/index.js";
import { isOpenClawError } from "../errors.js";
import { listModelRows, type ViewContext } from "./models-view.js";

/**
 * The models a request could use now: known, with a key (or none needed), allowed. When the
 * credential store cannot be read (doctor and models status say why), every known model the
 * allowlist lets through counts: a model shut out is then named although it may lack a key,
 * rather than left unsaid.
 */
export function usableModels(context: ViewContext): string[] {
  try {
    return listModelRows(context, { all: true })
      .filter((row) => row.usable)
      .map((row) => row.ref);
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    const { catalog } = context;
    return [...catalog.providers.values()]
      .flatMap((provider) => provider.models.map((model) => `${provider.id}/${model.id}`))
      .filter((ref) => isAllowed(catalog, ref));
  }
}

/**
 * The models a person could have been relying on before a change of the allowlist: those usable
 * under the config as it was. With no config file there was nothing they chose: the built-in
 * providers a key in the environment makes usable (every moonshot-cn model beside moonshot's)
 * are not theirs to lose, and a first onboarding or alias that names them all as "now refused"
 * only alarms someone who never used them.
 */
export function modelsReliedOn(configExisted: boolean, context: ViewContext): string[] {
  return configExisted ? usableModels(context) : [];
}

export interface AllowlistChange {
  /** One sentence when the allowlist turned on or off; undefined when it did neither. */
  note: string | undefined;
  /** Models usable before that it now refuses (a warning); undefined when there are none. */
  blocked: string | undefined;
}

/** `a, b, all 3 kimi-code models, and 4 more`: grouped by provider where all of it is gone. */
function describeRefs(refs: readonly string[], usable: readonly string[]): string {
  const providerOf = (ref: string) => ref.slice(0, ref.indexOf("/"));
  const items: string[] = [];
  const done = new Set<string>();
  for (const ref of refs) {
    const provider = providerOf(ref);
    if (done.has(provider)) continue;
    const ofProvider = usable.filter((entry) => providerOf(entry) === provider);
    const blocked = refs.filter((entry) => providerOf(entry) === provider);
    if (blocked.length >= 3 && blocked.length === ofProvider.length) {
      items.push(`all ${blocked.length} ${provider} models`);
      done.add(provider);
    } else items.push(ref);
  }
  const shown = items.slice(0, 8);
  const more = items.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? `, and ${more} more (openclaw models list --all shows them)` : ""}`;
}

/**
 * How going from `before` to `after` changes which of `usableBefore` (refs usable under `before`)
 * can be used, in words.
 */
export function allowlistChange(
  before: Catalog,
  after: Catalog,
  usableBefore: readonly string[],
): AllowlistChange {
  let note: string | undefined;
  if (!before.allowlist && after.allowlist) {
    note =
      "agents.defaults.models now has an entry, so it is also an allowlist: only the models it lists, the default model and its fallbacks can be used";
  } else if (before.allowlist && !after.allowlist) {
    note =
      "agents.defaults.models has no entry left, so it is no longer an allowlist: every configured model can be used";
  }
  const refused = usableBefore.filter((ref) => isAllowed(before, ref) && !isAllowed(after, ref));
  const first = refused[0];
  const blocked =
    first === undefined
      ? undefined
      : `${describeRefs(refused, usableBefore)} could be used before and ${refused.length === 1 ? "is" : "are"} now refused: agents.defaults.models is an allowlist, and ${refused.length === 1 ? "it is" : "they are"} not in it; to keep one usable, list it: openclaw config set ${shellPath(["agents", "defaults", "models", first])} '{}'`;
  return { note, blocked };
}

/**
 * What an edit of the config file (`config set`, `config unset`) does to the allowlist, from the
 * config as it was to the config as it is after: the same words the models commands and
 * onboarding use. Nothing to say when the config before could not be loaded (it was broken: no
 * model could be used) or neither config has an allowlist; no model named as refused when the
 * edit created the file (`fileExisted` false: see modelsReliedOn).
 */
export function allowlistChangeOfEdit(
  before: LoadedConfig | undefined,
  after: LoadedConfig,
  processEnv: Env,
  fileExisted: boolean,
): AllowlistChange {
  if (before === undefined) return { note: undefined, blocked: undefined };
  const catalogBefore = buildCatalog(before);
  const catalogAfter = buildCatalog(after);
  if (!catalogBefore.allowlist && !catalogAfter.allowlist)
    return { note: undefined, blocked: undefined };
  const usable = modelsReliedOn(fileExisted, {
    catalog: catalogBefore,
    env: before.env,
    processEnv,
    agentDir: agentDir(resolveStateDir(processEnv), "main"),
  });
  return allowlistChange(catalogBefore, catalogAfter, usable);
}
