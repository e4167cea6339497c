/**
 * foldSharedCauses: a provider's problem said once with what it affects, for every output that
 * lists findings (the CLI's, and the gateway's refused reload). Pure: catalogs from config text.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  affectsText,
  buildCatalog,
  type Catalog,
  checkCatalog,
  foldSharedCauses,
} from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { refusedReloadFailure } from "../../src/gateway/reload-failure.js";
import { tempFiles } from "../helpers/tmp.js";

function catalogFrom(text: string): Catalog {
  const dir = tempFiles({ "openclaw.json": text });
  return buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env: {} }));
}

/** A provider without a baseUrl, named by the default, two fallbacks and an aliased entry. */
const NO_BASE_URL = `{
  agents: { defaults: {
    model: { primary: "acme/big", fallbacks: ["moonshot/kimi-k2.5", "acme/small", "acme/big"] },
    models: { "acme/big": { alias: "big" } } } },
  models: { providers: { acme: { models: [{ id: "big", name: "Big" }, { id: "small", name: "Small" }] } } },
}`;

describe("foldSharedCauses", () => {
  it("keeps the provider's problem once, with the paths of the settings it disables", () => {
    const found = checkCatalog(catalogFrom(NO_BASE_URL));
    // Unfolded, the provider's problem is repeated by each setting naming one of its models.
    expect(found.filter((finding) => finding.message.includes("has no baseUrl")).length).toBe(5);
    const folded = foldSharedCauses(found);
    expect(folded.filter((finding) => finding.message.includes("has no baseUrl"))).toEqual([
      expect.objectContaining({
        path: "models.providers.acme.baseUrl",
        affects: [
          "agents.defaults.model.primary",
          "agents.defaults.model.fallbacks[1]",
          "agents.defaults.model.fallbacks[2]",
          'agents.defaults.models["acme/big"]',
        ],
      }),
    ]);
    // What does not follow from it (a fallback listed twice) is kept as it was.
    expect(folded.map((finding) => finding.path)).toContain("agents.defaults.model.fallbacks[2]");
    expect(affectsText(folded[0]!)).toBe(
      "the default model, fallbacks 2 and 3, and agents.defaults.models (1 entry)",
    );
  });

  it("keeps a finding whose cause is not in the list (a list filtered to some paths)", () => {
    const found = checkCatalog(catalogFrom(NO_BASE_URL)).filter((finding) =>
      finding.path.startsWith("agents.defaults.models"),
    );
    expect(foldSharedCauses(found)).toEqual(found);
  });

  it("leaves a list with nothing shared as it is", () => {
    const found = checkCatalog(
      catalogFrom(`{ agents: { defaults: { model: { primary: "ghost/x" } } } }`),
    );
    expect(found).toHaveLength(1);
    expect(foldSharedCauses(found)).toEqual(found);
  });

  it("a refused reload says the provider's problem once, with what it affects", () => {
    // The errors a reload is refused for: the aliased entry (a warning) is not among them.
    const text = refusedReloadFailure(
      checkCatalog(catalogFrom(NO_BASE_URL)).filter((finding) => finding.level === "error"),
    ).line;
    expect(text.split('provider "acme" has no baseUrl').length - 1).toBe(1);
    expect(text).toContain(
      '  - models.providers.acme.baseUrl: provider "acme" has no baseUrl; this affects the default model and fallbacks 2 and 3\n',
    );
  });
});
