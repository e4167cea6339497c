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

/**
 * `name: type` of each exported function or constant whose type, as an editor shows it, holds
 * `any`: there a caller's mistake type-checks (runAgent's generator took `next(42)`).
 */
function valuesTypedAny(): string[] {
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
  const typedAny: string[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (!declaration || !(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)))
      continue;
    const shown = checker.typeToString(
      checker.getTypeOfSymbol(symbol),
      undefined,
      ts.TypeFormatFlags.NoTruncation,
    );
    // The words of a string constant's literal type are not a type.
    if (/\bany\b/.test(shown.replace(/"[^"]*"/g, ""))) typedAny.push(`${exported.name}: ${shown}`);
  }
  return typedAny;
}

describe("the package's functions and constants", () => {
  it("are typed without any", () => {
    expect(valuesTypedAny()).toEqual([]);
  }, 60_000);
});

/** The entry as a user's compiler reads it: its checker and its exports (aliases followed), by name. */
function readEntry(): { checker: ts.TypeChecker; exports: Map<string, ts.Symbol> } {
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
  const exports = new Map(checker.getExportsOfModule(module).map((s) => [s.name, target(s)]));
  return { checker, exports };
}

/**
 * What lacks the documentation comment an editor shows on hover, as a user's compiler reads dist/:
 * every export (function, class, constant, interface, type alias) by its name, and every field of
 * each exported interface, class or object type, or of the object types a union of them is made
 * of (an event's `type`, `delta`…), as `Type.field`, and the fields of an object type written
 * inline in a field's type, as `Type.field.inner`. Fields declared outside the package (Error's
 * `message`, `stack`…, documented by the Node types) and private ones are not asked for.
 */
function undocumented(): string[] {
  const { checker, exports } = readEntry();
  const doc = (symbol: ts.Symbol) =>
    ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const missing = new Set<string>();
  // Each field as `Owner.field`, then the fields of an object type written inline in its type
  // (`GatewayConfig.auth.mode`, `ToolDefinition.function.name`), as deep as they go.
  const checkFields = (owner: string, properties: readonly ts.Symbol[]): void => {
    for (const property of properties) {
      const declaration = property.declarations?.[0];
      if (declaration === undefined || !declaration.getSourceFile().fileName.startsWith(DIST))
        continue;
      if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Private) continue;
      const path = `${owner}.${property.name}`;
      if (!doc(property)) missing.add(path);
      for (const literal of inlineObjectTypes(declaration)) {
        checkFields(path, checker.getTypeAtLocation(literal).getProperties());
      }
    }
  };
  for (const [name, symbol] of exports) {
    if (!doc(symbol)) missing.add(name);
    if (!(symbol.flags & NAMED_TYPE)) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    for (const member of type.isUnion() ? type.types : [type]) {
      checkFields(name, member.getProperties());
    }
  }
  return [...missing].sort();
}

/**
 * The object types written inline in a field's declared type: `{ … }`, also within a union
 * (`{ … } | undefined`), an array or a type's arguments (`Record<string, { … }>`). Not those of a
 * function's parameters or result, nor the fields of a named type, which is checked by its name.
 */
function inlineObjectTypes(declaration: ts.Declaration): ts.TypeLiteralNode[] {
  const typeNode =
    ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)
      ? declaration.type
      : undefined;
  const found: ts.TypeLiteralNode[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTypeLiteralNode(node)) found.push(node);
    else if (!ts.isFunctionTypeNode(node) && !ts.isConstructorTypeNode(node))
      ts.forEachChild(node, visit);
  };
  if (typeNode) visit(typeNode);
  return found;
}

describe("the package's documentation comments", () => {
  // What an editor shows on hover is most of what a TypeScript user reads. The check once named
  // the exports whose fields it read (before those lists, 54, then 47, 35 and 20 were bare:
  // Runtime, RunOptions, OpenClawError.hint…); it now reads every export, so a new type or field
  // without a comment fails it. Before it did, it reported 518: 63 types and 332 fields, mostly
  // of config, catalog and provider types (ProviderConfig.baseUrl, Compat.supportsTools,
  // LedgerRow.costUsd), and 123 fields of unions' variants (StreamEvent.delta, KeySource.variable).
  // The fields of object types written inline (GatewayConfig.limits.maxBodyBytes,
  // ToolDefinition.function.name, OpenClawConfig.agents.defaults.model) were not read: 80 bare.
  it("are on every export and on each field of every exported type", () => {
    expect(undocumented()).toEqual([]);
  }, 60_000);

  it("are read on the entry points a library user starts from", () => {
    // Names the check must find among the exports: one renamed or dropped from the entry shows
    // here instead of leaving the check above with less to read.
    const entryPoints = [
      ...["openRuntime", "createRuntime", "startGateway", "runAgent", "runAgentToEnd"],
      ...["loadConfig", "buildCatalog", "resolveModel", "checkKey", "defineTool"],
      ...["OpenClawError", "ProviderError", "OpenClawConfig", "ProviderConfig", "ModelConfig"],
      ...["Catalog", "ResolvedModel", "Compat", "ModelCost", "LedgerRow", "Runtime", "RunOptions"],
    ];
    const { exports } = readEntry();
    expect(entryPoints.filter((name) => !exports.has(name))).toEqual([]);
  }, 60_000);
});
