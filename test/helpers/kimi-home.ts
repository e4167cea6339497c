/**
 * A home for CLI tests about model names: its config (mode merge) gives moonshot's kimi-k2.5 the
 * display name `name`, with `agents` as the defaults under `agents`, and the env that runs the CLI
 * there (wide enough that no line is wrapped). Also what `models aliases list` says there.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "./cli.js";
import { tempDir } from "./tmp.js";

export interface KimiHome {
  home: string;
  env: Record<string, string>;
}

export function kimiK25Home(name: string, defaults: Record<string, unknown>): KimiHome {
  const home = tempDir();
  mkdirSync(join(home, ".openclaw"));
  writeFileSync(
    join(home, ".openclaw", "openclaw.json"),
    JSON.stringify({
      models: {
        mode: "merge",
        providers: {
          moonshot: {
            baseUrl: "https://api.moonshot.ai/v1",
            api: "openai-completions",
            models: [{ id: "kimi-k2.5", name }],
          },
        },
      },
      agents: { defaults },
    }),
  );
  return { home, env: { HOME: home, COLUMNS: "400" } };
}

/** The aliases `models aliases list --json` lists with the CLI run in `env`. */
export async function aliasesListed(
  env: Record<string, string>,
): Promise<{ alias: string; ref: string }[]> {
  const listed = await runCli(["models", "aliases", "list", "--json"], { env });
  return (JSON.parse(listed.stdout) as { aliases: { alias: string; ref: string }[] }).aliases;
}
