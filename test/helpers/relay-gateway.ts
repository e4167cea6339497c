/**
 * A config with a provider of one's own at a loopback relay (`relay`, its apiKey written as
 * given, one model `relay-large`), and `moonshot` at a simulator beside it when given, in a state
 * dir of the test's own; and the built CLI's gateway started with it, resolved once it has said
 * something of the relay's discovery. For the tests of what the gateway and the probes say of a
 * relay refusing a `${VAR}` key.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./gateway-process.js";
import { tempDir } from "./tmp.js";
import { eventually } from "./wait.js";

export interface RelayConfigOptions {
  /** The gateway's token, written in the config (`gateway.auth`) when given. */
  token?: string;
  /** `http://127.0.0.1:<port>/v1` of the relay (refusingRelay's). */
  relayBaseUrl: string;
  /** The relay's apiKey as the config writes it: `${MOONSHOT_API_KEY}`. */
  apiKey: string;
  /**
   * Built-in providers set up beside the relay ("merge"), by id with their base URL (`moonshot` at
   * a simulator), or with their apiKey too as the config writes it; without, the relay alone
   * ("replace").
   */
  beside?: Record<string, string | { baseUrl: string; apiKey: string }>;
}

export interface RelayGatewayOptions extends RelayConfigOptions {
  token: string;
  /** The variables of the gateway's environment besides the state dir's (the keys, the endpoints). */
  variables: Record<string, string>;
}

export interface RelayGateway {
  gateway: GatewayProcess;
  /** What the gateway printed so far, stdout then stderr. */
  said(): string;
  /** The relay's `host:port`, as the gateway names it. */
  host: string;
  /** Where the relay's apiKey is written: `<config file>:<line>`. */
  at: string;
  /** What the gateway's commands carry to reach its state dir: `OPENCLAW_STATE_DIR=<dir> `. */
  commandPrefix: string;
  /** The ids `GET /v1/models` lists (asserts a 200). */
  listedIds(): Promise<string[]>;
  /** Writes the config again with `change` (the relay's base URL, …): the gateway reloads it. */
  rewrite(change: Partial<RelayConfigOptions>): void;
}

function configText(options: RelayConfigOptions): string {
  const beside = Object.entries(options.beside ?? {})
    .map(([id, set]) =>
      typeof set === "string"
        ? `\n      "${id}": { baseUrl: "${set}" },`
        : `\n      "${id}": { baseUrl: "${set.baseUrl}", apiKey: "${set.apiKey}" },`,
    )
    .join("");
  return `{
  models: {
    mode: "${options.beside === undefined ? "replace" : "merge"}",
    providers: {${beside}
      relay: {
        baseUrl: "${options.relayBaseUrl}",
        api: "openai-completions",
        apiKey: "${options.apiKey}",
        models: [{ id: "relay-large", name: "Relay Large" }],
      },
    },
  },
${options.token === undefined ? "" : `  gateway: { auth: { mode: "token", token: "${options.token}" } },\n`}}
`;
}

/**
 * The config in a state dir of its own (`dir`, also the HOME to give): `at`, where the relay's
 * apiKey is written (`<config file>:<line>`).
 */
export function writeRelayConfig(options: RelayConfigOptions): { dir: string; at: string } {
  const dir = tempDir("relay-config-");
  const configPath = join(dir, "openclaw.json");
  const text = configText(options);
  writeFileSync(configPath, text, { mode: 0o600 });
  const line = relayApiKeyLine(text);
  return { dir, at: `${configPath}:${line}` };
}

/** The line of the relay's apiKey: the last one written (the providers beside come first). */
function relayApiKeyLine(text: string): number {
  return text.split("\n").findLastIndex((row) => row.includes("apiKey:")) + 1;
}

export async function startRelayGateway(options: RelayGatewayOptions): Promise<RelayGateway> {
  const { dir, at } = writeRelayConfig(options);
  const gateway = await startGatewayProcess({
    PATH: process.env.PATH,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
    TZ: "UTC",
    ...options.variables,
  });
  const said = () => gateway.stdout() + gateway.stderr();
  await eventually(
    () => /relay \(|relay refused|models relay serves/.test(said()),
    15_000,
    "relay's discovery",
  );
  return {
    gateway,
    said,
    host: new URL(options.relayBaseUrl).host,
    at,
    commandPrefix: `OPENCLAW_STATE_DIR=${dir} `,
    rewrite(change) {
      writeFileSync(join(dir, "openclaw.json"), configText({ ...options, ...change }));
    },
    async listedIds() {
      const response = await fetch(`${gateway.url}/v1/models`, {
        headers: { authorization: `Bearer ${options.token}` },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: { id: string }[] }).data.map((model) => model.id);
    },
  };
}
