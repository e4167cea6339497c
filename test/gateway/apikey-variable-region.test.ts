/**
 * A provider of one's own whose apiKey is `"${MOONSHOT_API_KEY}"`, as the spec's JSON5 snippets
 * write it, reads the same key as the built-in `moonshot`, which takes MOONSHOT_API_KEY from the
 * environment. When the key is the international platform's and the own provider is at the China
 * one, the gateway's start said the platform verdict only of providers reading the variable
 * straight from the environment: the own provider got "could not read the models … answered 401"
 * and the generic `doctor --probe` advice. Now it gets the verdict too, naming the file and line
 * where its apiKey names the variable. Real sockets: the built CLI's gateway and one simulator per
 * region (the built-ins pointed at them by the endpoint variables, no Kimi Code key): no real host.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type GatewayProcess,
  gatewayEnv,
  killGatewayProcesses,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";

const TOKEN = "test-gateway-token-apikey-variable-0001";
const regions = regionSimulators();
afterEach(() => killGatewayProcesses());

/** The spec's shape: `moonshot` at the international simulator, `kimi-cn` of one's own at China's. */
function configText(): string {
  return `{
  models: {
    mode: "merge",
    providers: {
      moonshot: { baseUrl: "${regions.ai.moonshotBaseUrl}" },
      "kimi-cn": {
        baseUrl: "${regions.cn.moonshotBaseUrl}",
        api: "openai-completions",
        apiKey: "\${MOONSHOT_API_KEY}",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
      },
    },
  },
  gateway: { auth: { mode: "token", token: "${TOKEN}" } },
}
`;
}

const output = (gateway: GatewayProcess) => gateway.stdout() + gateway.stderr();

async function listedIds(gateway: GatewayProcess): Promise<string[]> {
  const response = await fetch(`${gateway.url}/v1/models`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { id: string }[] }).data.map((model) => model.id);
}

describe('a provider of one\'s own with apiKey "${MOONSHOT_API_KEY}"', () => {
  it("gets the platform verdict for the variable, named by the file and line of its apiKey", async () => {
    const dir = tempDir("apikey-variable-");
    const configPath = join(dir, "openclaw.json");
    const text = configText();
    writeFileSync(configPath, text);
    const line = text.split("\n").findIndex((row) => row.includes("apiKey:")) + 1;
    const { KIMICODE_API_KEY: _unset, ...env } = gatewayEnv(dir, regions.ai.keys);
    const key = regions.ai.keys.moonshot;
    const gateway = await startGatewayProcess({
      ...env,
      ...regions.endpointEnv(),
      MOONSHOT_API_KEY: key,
    });
    await eventually(
      () =>
        output(gateway).includes("kimi-cn refused it") ||
        output(gateway).includes("kimi-cn serves"),
      15_000,
      "kimi-cn's discovery",
    );
    const text2 = output(gateway);
    const aiHost = new URL(regions.ai.moonshotBaseUrl).host;
    const cnHost = new URL(regions.cn.moonshotBaseUrl).host;
    // Before: "could not read the models kimi-cn serves (…: answered 401 …)" and doctor --probe.
    expect(text2).toContain(
      `gateway: MOONSHOT_API_KEY is a key of the international platform (${aiHost}): kimi-cn refused it (401), read through its apiKey "\${MOONSHOT_API_KEY}" at ${configPath}:${line}, and its models are left out of /v1/models; requests naming them are still forwarded\n  hint: to use the China platform (${cnHost}), set models.providers.kimi-cn.apiKey (${configPath}:${line}) to another variable, one holding a key made there, in place of \${MOONSHOT_API_KEY}`,
    );
    expect(text2).not.toContain("could not read the models kimi-cn serves");
    expect(text2).not.toContain(key);

    let ids: string[] = [];
    await eventually(
      async () => {
        ids = await listedIds(gateway);
        return !ids.some((id) => id.startsWith("kimi-cn/"));
      },
      10_000,
      "kimi-cn's models left out of /v1/models",
    );
    expect(ids).toContain("moonshot/kimi-k2.5");
  }, 60_000);
});
