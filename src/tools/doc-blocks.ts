/**
 * Generated blocks in the docs: text between `…:start` and `…:end` markers is rendered from the
 * built-in catalog, so the docs cannot drift from the data. Pure: text in, text out.
 */
import { BUILTIN_PROVIDERS, type BuiltinModel } from "../catalog/index.js";

function provider(id: string) {
  const found = BUILTIN_PROVIDERS.find((entry) => entry.id === id);
  if (!found) throw new Error(`built-in provider ${id} is missing`);
  return found;
}

function indent(lines: string[], spaces: number): string[] {
  return lines.map((line) => `${" ".repeat(spaces)}${line}`);
}

function json5String(value: string): string {
  return JSON.stringify(value);
}

/**
 * Compat keys the built-in catalog adds beneath the config, not part of the spec's snippet that
 * the docs show (a config with `models.mode: "merge"` keeps them without writing them).
 */
const CATALOG_ONLY_COMPAT: ReadonlySet<string> = new Set(["alwaysThinks"]);

function modelEntry(entry: BuiltinModel): string[] {
  const shown = Object.entries(entry.compat ?? {}).filter(([key]) => !CATALOG_ONLY_COMPAT.has(key));
  const model = { ...entry, compat: shown.length > 0 ? Object.fromEntries(shown) : undefined };
  const lines = [
    "{",
    `  id: ${json5String(model.id)},`,
    `  name: ${json5String(model.name)},`,
    `  reasoning: ${model.reasoning},`,
    `  input: [${model.input.map(json5String).join(", ")}],`,
    `  cost: { input: ${model.cost.input}, output: ${model.cost.output}, cacheRead: ${model.cost.cacheRead}, cacheWrite: ${model.cost.cacheWrite} },`,
    `  contextWindow: ${model.contextWindow},`,
    `  maxTokens: ${model.maxTokens}${model.headers || model.compat ? "," : ""}`,
  ];
  if (model.headers) {
    const pairs = Object.entries(model.headers).map(
      ([k, v]) => `${json5String(k)}: ${json5String(v)}`,
    );
    lines.push(`  headers: { ${pairs.join(", ")} }${model.compat ? "," : ""}`);
  }
  if (model.compat) {
    const pairs = Object.entries(model.compat).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
    lines.push(`  compat: { ${pairs.join(", ")} }`);
  }
  lines.push("}");
  return lines;
}

function joinEntries(entries: string[][]): string[] {
  return entries.flatMap((entry, index) =>
    index < entries.length - 1 ? [...entry.slice(0, -1), `${entry[entry.length - 1]},`] : entry,
  );
}

/** Block name → rendered lines (without markers, without indentation). */
export function renderDocBlocks(): Record<string, string[]> {
  const moonshot = provider("moonshot");
  const kimi = provider("kimi-code");
  const aliasLines = (id: string, models: BuiltinModel[]) =>
    models.map(
      (model, index) =>
        `${json5String(`${id}/${model.id}`)}: { alias: ${json5String(model.alias)} }${index < models.length - 1 ? "," : ""}`,
    );
  return {
    "moonshot-kimi-k2-ids": moonshot.models.map((model) => `- \`${model.id}\``),
    "moonshot-kimi-k2-aliases": aliasLines("moonshot", moonshot.models),
    "moonshot-kimi-k2-models": joinEntries(moonshot.models.map(modelEntry)),
    "kimi-code-aliases": aliasLines("kimi-code", kimi.models),
    "kimi-code-models": joinEntries(kimi.models.map(modelEntry)),
  };
}

const MARKER = /^(\s*)(?:\/\/|<!--)\s*([a-z0-9-]+):start\s*(?:-->)?\s*$/;

/**
 * Replaces every known block in `text`. Blocks in code keep the indentation of their start marker;
 * blocks outside code (HTML comment markers) are rendered flush left with blank lines around them.
 */
export function applyDocBlocks(
  text: string,
  blocks: Record<string, string[]> = renderDocBlocks(),
): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    out.push(line);
    const match = MARKER.exec(line);
    const name = match?.[2];
    const block = name ? blocks[name] : undefined;
    if (!match || !name || !block) continue;
    const end = lines.findIndex((candidate, at) => at > index && candidate.includes(`${name}:end`));
    if (end < 0) throw new Error(`block ${name} has a start marker but no end marker`);
    const html = line.includes("<!--");
    out.push(...(html ? ["", ...block, ""] : indent(block, (match[1] ?? "").length)));
    index = end - 1;
  }
  return out.join("\n");
}

/** Docs files that carry generated blocks, relative to the repository root. */
export const GENERATED_DOCS = ["docs/providers/moonshot.md", "docs/zh-CN/providers/moonshot.md"];
