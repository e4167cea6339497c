import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCatalog, resolveModelChain } from "../src/catalog/index.js";
import { loadConfig } from "../src/config/index.js";
import { applyDocBlocks, GENERATED_DOCS, renderDocBlocks } from "../src/tools/doc-blocks.js";
import { VERSION } from "../src/version.js";
import { tempFiles } from "./helpers/tmp.js";

const root = join(import.meta.dirname, "..");
const read = (relative: string) => readFileSync(join(root, relative), "utf8");
const json5Blocks = (text: string) =>
  [...text.matchAll(/```json5\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
const withoutMarkers = (text: string) =>
  text
    .split("\n")
    .filter((line) => !/^\s*\/\/ [a-z0-9-]+:(start|end)$/.test(line))
    .join("\n");

describe("docs", () => {
  it.each(GENERATED_DOCS)(
    "%s agrees with the catalog (run npm run docs:sync if not)",
    (relative) => {
      const text = read(relative);
      expect(applyDocBlocks(text)).toBe(text);
    },
  );

  it("would notice a catalog change", () => {
    const blocks = renderDocBlocks();
    blocks["moonshot-kimi-k2-ids"] = ["- `kimi-k9`"];
    const text = read(GENERATED_DOCS[0]!);
    expect(applyDocBlocks(text, blocks)).not.toBe(text);
  });

  it.each(GENERATED_DOCS)("the config snippets in %s load and resolve", (relative) => {
    const snippets = json5Blocks(read(relative));
    expect(snippets).toHaveLength(2);
    const primaries = snippets.map((snippet) => {
      const dir = tempFiles({ "openclaw.json": snippet });
      const catalog = buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env: {} }));
      return resolveModelChain(catalog)[0]?.ref;
    });
    expect(primaries).toEqual(["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding"]);
  });

  it("the docs' snippets are the spec's snippets", () => {
    const ours = json5Blocks(read(GENERATED_DOCS[0]!)).map(withoutMarkers);
    const fixtures = ["moonshot.json5", "kimi-code.json5"].map((name) =>
      withoutMarkers(read(`test/fixtures/seed/${name}`)),
    );
    expect(ours).toEqual(fixtures);
  });

  it("the seed fixtures are verbatim copies of the spec page", () => {
    const spec = join(root, "../shared/seed/moonshot.zh-CN.md");
    const fixtures = ["moonshot.json5", "kimi-code.json5"].map((name) =>
      read(`test/fixtures/seed/${name}`),
    );
    if (!existsSync(spec)) {
      // Outside this workspace the spec page is not beside the repo; the fixtures still stand.
      expect(fixtures[0]).toContain('primary: "moonshot/kimi-k2.5"');
      return;
    }
    expect(json5Blocks(readFileSync(spec, "utf8"))).toEqual(fixtures);
  });

  it("the version printed by the CLI is package.json's", () => {
    expect(VERSION).toBe(JSON.parse(read("package.json")).version);
  });
});
