/**
 * The shipped declarations name no type a program cannot import: every interface, type alias or
 * class that an export's declaration mentions (an option, a result, a field, recursively) is
 * exported from the package's entry too. Read from dist/index.d.ts, as a user's compiler reads
 * it (`npm test` builds first).
 */
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ENTRY = join(import.meta.dirname, "..", "dist", "index.d.ts");
const DIST = dirname(ENTRY);

const NAMED_TYPE = ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class;

/** `name: file` of each type the exports mention that the entry does not export. */
function typesNamedButNotExported(): string[] {
  const program = ts.createProgram([ENTRY], {
    strict: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  const module = entry && checker.getSymbolAtLocation(entry);
  if (!module) throw new Error(`${ENTRY} is missing: run npm run build`);
  const target = (symbol: ts.Symbol): ts.Symbol =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const exported = new Set(checker.getExportsOfModule(module).map(target));
  const ours = (symbol: ts.Symbol) =>
    (symbol.declarations ?? []).some((decl) => decl.getSourceFile().fileName.startsWith(DIST));
  const missing = new Set<string>();
  const seen = new Set<ts.Symbol>();
  const visitSymbol = (symbol: ts.Symbol): void => {
    if (seen.has(symbol) || !ours(symbol)) return;
    seen.add(symbol);
    for (const decl of symbol.declarations ?? []) visitNode(decl);
  };
  const visitNode = (node: ts.Node): void => {
    const name = ts.isTypeReferenceNode(node)
      ? node.typeName
      : ts.isExpressionWithTypeArguments(node)
        ? node.expression
        : ts.isTypeQueryNode(node)
          ? node.exprName
          : undefined;
    const found = name && checker.getSymbolAtLocation(name);
    if (found) {
      const symbol = target(found);
      if (symbol.flags & NAMED_TYPE && ours(symbol) && !exported.has(symbol)) {
        const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? "";
        missing.add(`${symbol.name}: ${relative(DIST, file)}`);
      }
      visitSymbol(symbol);
    }
    ts.forEachChild(node, visitNode);
  };
  for (const symbol of exported) visitSymbol(symbol);
  return [...missing].sort();
}

describe("the package's types", () => {
  // Before: 55, among them createOpenAICompletionsTransport's OpenAICompletionsTransportOptions,
  // setConfigValue's SetResult and the LoadedConfig field's DisabledProvider.
  it("name only types the entry point exports", () => {
    expect(typesNamedButNotExported()).toEqual([]);
  }, 60_000);
});
