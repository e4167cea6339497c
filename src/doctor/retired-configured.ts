/**
 * `openclaw doctor` without a live list: the models the config writes (a provider's `models[]`
 * entry, an `agents.defaults.models` entry or alias) that openclaw's built-in list marks retired.
 * The spec page's config names four such ids; before this, doctor said "all good" for it while
 * `models list` tagged them "retired". Read offline: where `--probe` read the provider's own list
 * of the models its key can use, that list decides and its findings say it, not this one.
 */
import { type Catalog, canonicalRef, type LiveModelLists, retiredMark } from "../catalog/index.js";
import { configValueLocator, formatOrigin, formatPath, parsePath } from "../config/index.js";
import { type Finding, finding } from "./findings.js";

/** One place the config writes a retired model. */
interface Mention {
  /** `models[] entry`, `alias "Kimi K2"`, `agents.defaults.models entry`. */
  what: string;
  path: string;
}

/** A configured model the built-in list marks retired, with every place the config writes it. */
interface RetiredConfigured {
  ref: string;
  replacedBy: string;
  mentions: Mention[];
}

/** The configured models marked retired, by provider, in the order the config writes them. */
function retiredConfigured(catalog: Catalog): Map<string, RetiredConfigured[]> {
  const byRef = new Map<string, RetiredConfigured>();
  const note = (provider: string, id: string, mention: Mention) => {
    const mark = retiredMark(provider, id);
    if (!mark) return;
    const ref = `${provider}/${id}`;
    const known = byRef.get(ref) ?? {
      ref,
      replacedBy: `${provider}/${mark.replacedBy}`,
      mentions: [],
    };
    known.mentions.push(mention);
    byRef.set(ref, known);
  };
  const config = catalog.source.config;
  for (const [rawId, entry] of Object.entries(config.models?.providers ?? {}))
    (entry?.models ?? []).forEach((model, index) => {
      if (typeof model?.id !== "string") return;
      note(rawId.toLowerCase(), model.id, {
        what: "models[] entry",
        path: formatPath(["models", "providers", rawId, "models", index, "id"]),
      });
    });
  for (const [key, entry] of Object.entries(config.agents?.defaults?.models ?? {})) {
    const ref = canonicalRef(key);
    const slash = ref.indexOf("/");
    if (slash <= 0) continue;
    const alias = entry?.alias?.trim();
    note(ref.slice(0, slash), ref.slice(slash + 1), {
      what: alias ? `alias ${JSON.stringify(alias)}` : "agents.defaults.models entry",
      path: formatPath(["agents", "defaults", "models", key, ...(alias ? ["alias"] : [])]),
    });
  }
  const byProvider = new Map<string, RetiredConfigured[]>();
  for (const model of byRef.values()) {
    const provider = model.ref.slice(0, model.ref.indexOf("/"));
    byProvider.set(provider, [...(byProvider.get(provider) ?? []), model]);
  }
  return byProvider;
}

/** Where one place writes a retired model: its file and line when known, and its dotted path. */
export interface RetiredPlace {
  file?: string;
  line?: number;
  path: string;
}

/**
 * The warning `doctor --json` gives: `where` is the first place (as before), `retired` every
 * place of every model the warning names, so that a script can edit each one.
 */
export type RetiredConfiguredFinding = Finding & {
  retired: { ref: string; replacedBy: string; places: RetiredPlace[] }[];
};

/**
 * One warning per provider naming the models the config writes that openclaw's built-in list
 * marks retired, each with file:line of each place it is written, and the command that takes
 * them out. Left out: providers `live` has a list for (the probe's findings speak for them) and
 * `saidOfChain`, the default and fallbacks the model lines above already name.
 */
export function retiredConfiguredFindings(
  catalog: Catalog,
  live: LiveModelLists | undefined,
  saidOfChain: ReadonlySet<string>,
): RetiredConfiguredFinding[] {
  const locate = catalog.source.exists ? configValueLocator(catalog.source.path) : undefined;
  const placeOf = (mention: Mention): RetiredPlace => {
    const origin = locate?.(parsePath(mention.path));
    if (origin === undefined) return { path: mention.path };
    return { file: origin.file, ...(origin.line ? { line: origin.line } : {}), path: mention.path };
  };
  /** `file:line`, or the dotted path where no file holds it. */
  const where = (mention: Mention) => {
    const { file, line, path } = placeOf(mention);
    return file === undefined ? path : formatOrigin(line ? { file, line } : { file });
  };
  return [...retiredConfigured(catalog)].flatMap(([provider, all]) => {
    if (live?.has(provider)) return [];
    const models = all.filter((model) => !saidOfChain.has(model.ref));
    if (models.length === 0) return [];
    const one = models.length === 1;
    const lines = models.map(
      (model) =>
        `- ${model.ref} (use ${model.replacedBy}): ${model.mentions.map((mention) => `${mention.what} at ${where(mention)}`).join(", ")}`,
    );
    const message = [
      `${provider}: the config offers ${one ? "a model" : `${models.length} models`} openclaw's built-in list marks retired (read offline; \`openclaw doctor --probe\` asks the key's own list, which decides): requests naming ${one ? "it" : "them"} would get 404`,
      ...lines,
    ].join("\n");
    const first = models[0]?.mentions[0];
    return [
      {
        ...finding("model", "warn", message, {
          where: first ? where(first) : undefined,
          hint: `take the models the key's list leaves out (and their aliases) out of the config with: openclaw models scan --provider ${provider} --prune`,
        }),
        retired: models.map(({ ref, replacedBy, mentions }) => ({
          ref,
          replacedBy,
          places: mentions.map(placeOf),
        })),
      },
    ];
  });
}
