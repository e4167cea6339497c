/**
 * A model's token count written as `models list` shows it (`contextWindow: "256k"`,
 * `maxTokens: "32k"`): the key takes the number itself. "256k" is ambiguous: `models list` shows
 * 256000 (Moonshot's kimi-k2.5 in the built-in catalog) and 262144 (Kimi Code's kimi-for-coding)
 * both as 256k, so the hint gives the built-in model's own number when it is one of the two, else
 * both. Pure.
 */
import { BUILTIN_PROVIDERS, type BuiltinModel } from "../catalog/builtin-providers.js";
import { singleQuoted } from "../util/shell-word.js";
import {
  formatPath,
  isPlainObject,
  type PathSegment,
  type SchemaIssue,
  type SchemaNode,
} from "./schema-dsl.js";

/** The model keys that take a number of tokens. */
const TOKEN_KEYS = ["contextWindow", "maxTokens"] as const;
type TokenKey = (typeof TOKEN_KEYS)[number];

const UNITS: Record<string, { decimal: number; binary: number }> = {
  k: { decimal: 1000, binary: 1024 },
  m: { decimal: 1_000_000, binary: 1024 * 1024 },
};

/**
 * What a size such as "256k", "1M", "256,000" or the Chinese "25.6万" or "256千" stands for: the
 * numbers it may mean.
 */
export function tokenSizeReadings(text: string): number[] | undefined {
  // Full-width digits, comma, point and letters ("２５６Ｋ", "２５．６万") read as their ASCII forms.
  const trimmed = text.normalize("NFKC").trim();
  if (/^\d{1,3}(,\d{3})+$/.test(trimmed)) return [Number(trimmed.replaceAll(",", ""))];
  const chinese = /^(\d+(?:\.\d+)?)\s*(万|千)$/u.exec(trimmed);
  if (chinese) {
    // 万 is ten thousand and 千 a thousand, exactly: no reading in 1024s.
    const reading = scaled(chinese[1] ?? "", chinese[2] === "万" ? 10_000 : 1000);
    return reading === undefined ? undefined : [reading];
  }
  const match = /^(\d+(?:\.\d+)?)\s*([kKmM])$/.exec(trimmed);
  if (!match) return undefined;
  const unit = UNITS[(match[2] ?? "").toLowerCase()];
  if (!unit) return undefined;
  const readings = [
    scaled(match[1] ?? "", unit.decimal),
    scaled(match[1] ?? "", unit.binary),
  ].filter((reading) => reading !== undefined);
  return readings.length > 0 ? [...new Set(readings)] : undefined;
}

/** `amount` (digits, maybe with a decimal point) times `factor`, when a whole number above 0. */
function scaled(amount: string, factor: number): number | undefined {
  const [whole = "", fraction = ""] = amount.split(".");
  const digits = Number(`${whole}${fraction}`);
  const divisor = 10 ** fraction.length;
  const product = digits * factor;
  if (product <= 0 || product % divisor !== 0) return undefined;
  const reading = product / divisor;
  return Number.isSafeInteger(reading) ? reading : undefined;
}

/** The unit letter of a size such as "256k". */
function unitOf(text: string): string {
  return text.normalize("NFKC").trim().slice(-1);
}

/** The built-in model named `id`: of the provider at `providerId` first, else of any. */
function builtinModel(
  providerId: string,
  id: string,
): { ref: string; model: BuiltinModel } | undefined {
  const providers = [
    ...BUILTIN_PROVIDERS.filter((provider) => provider.id === providerId),
    ...BUILTIN_PROVIDERS.filter((provider) => provider.id !== providerId),
  ];
  for (const provider of providers) {
    const model = provider.models.find((candidate) => candidate.id === id);
    if (model) return { ref: `${provider.id}/${model.id}`, model };
  }
  return undefined;
}

/**
 * The hint for `key` written as the string `text` on a model: the number to write instead, or
 * undefined when `text` does not read as a size.
 */
export function tokenSizeHint(
  key: TokenKey,
  text: string,
  model: { providerId: string; id: string } | undefined,
): string | undefined {
  const readings = tokenSizeReadings(text);
  if (!readings) return undefined;
  const lead = `${key} takes a number of tokens, in digits`;
  const [only] = readings;
  if (readings.length === 1 && only !== undefined) return `${lead}: write ${only}`;
  const builtin = model ? builtinModel(model.providerId, model.id) : undefined;
  const known = builtin?.model[key];
  if (builtin && known !== undefined && readings.includes(known))
    return `${lead}: write ${known} (no quotes, no ${unitOf(text)}), as the built-in ${builtin.ref} has it`;
  const [decimal, binary] = readings;
  const size = text.normalize("NFKC").trim();
  const shown = `${size.slice(0, -1).trim()}${unitOf(text) === "m" || unitOf(text) === "M" ? "M" : "k"}`;
  return `${lead}: "${size}" is ${decimal} counted in thousands or ${binary} in 1024s (models list writes both as ${shown}): write the one the model's provider gives, e.g. ${binary}`;
}

/**
 * `node` (a model's schema) with a hint on a token count written as a size: it knows the model's
 * id and provider, which the number's own node does not.
 */
export function withTokenSizeHints(node: SchemaNode): SchemaNode {
  return withIssueHints(node, (input, issue, path) => {
    const key = tokenKeyOf(issue.path, path);
    const value = key ? input[key] : undefined;
    if (!key || typeof value !== "string") return;
    const providerId = path[2];
    const id = input.id;
    const model =
      typeof providerId === "string" && typeof id === "string" ? { providerId, id } : undefined;
    const hint = tokenSizeHint(key, value, model);
    if (hint) issue.hint = hint;
  });
}

/**
 * `node` with `hintIssue` called on each issue its own check of an object found, beside the
 * object and its path: a hint that needs a sibling value the refused one's node does not see.
 */
function withIssueHints(
  node: SchemaNode,
  hintIssue: (
    input: Record<string, unknown>,
    issue: SchemaIssue,
    path: readonly PathSegment[],
  ) => void,
): SchemaNode {
  return {
    ...node,
    validate(input, path, context) {
      const before = context.issues.length;
      node.validate(input, path, context);
      if (!isPlainObject(input)) return;
      for (const issue of context.issues.slice(before)) hintIssue(input, issue, path);
    },
  };
}

/** The token key `issuePath` names right under the model at `modelPath`, if any. */
function tokenKeyOf(
  issuePath: readonly PathSegment[],
  modelPath: readonly PathSegment[],
): TokenKey | undefined {
  if (issuePath.length !== modelPath.length + 1) return undefined;
  if (!modelPath.every((segment, index) => issuePath[index] === segment)) return undefined;
  const last = issuePath[modelPath.length];
  return TOKEN_KEYS.find((key) => key === last);
}

/**
 * The hint for a model's `params.maxTokens` (the output cap sent when the caller sets none)
 * written as the size `text`, or undefined when it does not read as one. The cap is the config's
 * own choice, not a figure a provider gives, so a size in k reads in thousands first, as the
 * runtime's default cap of 32000 is counted; the reading in 1024s is named beside it.
 */
export function capSizeHint(text: string): string | undefined {
  const readings = tokenSizeReadings(text);
  if (!readings) return undefined;
  const lead = "params.maxTokens takes a number of tokens, in digits";
  const [first, second] = readings;
  if (second === undefined) return `${lead}: write ${first}`;
  return `${lead}: write ${first} ("${text.trim()}" counted in thousands, as the default cap of 32000 is), or ${second} if you meant it in 1024s`;
}

/**
 * `node` (a model's `params`) with a hint on each refused `maxTokens`: the number to write for a
 * size ("32k", "3.2万"), else what it takes and how to fall back to the default.
 */
export function withCapHints(node: SchemaNode): SchemaNode {
  return withIssueHints(node, (input, issue, path) => {
    if (issue.path.length !== path.length + 1 || issue.path.at(-1) !== "maxTokens") return;
    const value = input.maxTokens;
    const sizeHint = typeof value === "string" ? capSizeHint(value) : undefined;
    if (sizeHint) issue.hint = sizeHint;
    else
      issue.hint ??= `write a whole number of tokens above 0 (e.g. 32000), or leave it out to send the default (the model's maxTokens, up to 32000): openclaw config unset ${singleQuoted(formatPath(issue.path))}`;
  });
}
