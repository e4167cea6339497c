/**
 * A large config for benchmarks: `providers` × `models` models, each with an alias under
 * agents.defaults.models (`P3 M7` for provider-3/model-7), keys taken from `env`.
 */
export function bigConfig(providers: number, models: number): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  const aliases: Record<string, unknown> = {};
  for (let p = 0; p < providers; p++) {
    entries[`provider-${p}`] = {
      baseUrl: `https://p${p}.example.test/v1`,
      apiKey: "${MOONSHOT_API_KEY}",
      api: "openai-completions",
      headers: { "X-Bench": String(p) },
      models: Array.from({ length: models }, (_, m) => ({
        id: `model-${m}`,
        name: `Model ${p}.${m}`,
        reasoning: m % 2 === 0,
        input: ["text"],
        cost: { input: 0.6, output: 2.5, cacheRead: 0.15, cacheWrite: 0 },
        contextWindow: 256000,
        maxTokens: 8192,
      })),
    };
    for (let m = 0; m < models; m++) aliases[`provider-${p}/model-${m}`] = { alias: `P${p} M${m}` };
  }
  return {
    env: { MOONSHOT_API_KEY: "sk-bench-not-a-key" },
    agents: { defaults: { model: { primary: "provider-0/model-0" }, models: aliases } },
    models: { mode: "merge", providers: entries },
  };
}
