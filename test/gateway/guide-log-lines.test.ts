/**
 * Log lines the guide's gateway and ledger paragraphs quote, as the gateway words them: a
 * rewording of either is caught here. The gateway's own functions where there is one; else a
 * real gateway, in the situation the guide describes, against the simulator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ledgerWritingAgainLine } from "../../src/gateway/ledger-damage.js";
import { eventually, type GatewayEnv, startGatewayEnv } from "./harness.js";

const raw = readFileSync(join(import.meta.dirname, "../../docs/guide.md"), "utf8");
const guide = raw.replace(/\s+/g, " ");

/** The text of the guide's untyped code block whose first line begins with `lead`. */
function quotedBlock(lead: string): string {
  const blocks = [...raw.matchAll(/^```\n([\s\S]*?)\n```$/gm)].map((match) => match[1] ?? "");
  const block = blocks.find((text) => text.startsWith(lead));
  if (block === undefined) throw new Error(`the guide no longer quotes a line "${lead}…"`);
  return block;
}

const running: GatewayEnv[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
});

describe("the guide's quoted gateway log lines", () => {
  it("a ledger written again after failed writes", () => {
    expect(guide).toContain(`\`${ledgerWritingAgainLine({ failedWrites: 3, droppedRows: 0 })}\``);
  });

  it("a retired default model, a temperature lowered, and the models a provider no longer lists", async () => {
    // The guide's situation: a config copied from the OpenClaw page names kimi-k2-thinking (the
    // default) and kimi-k2-turbo-preview, which Moonshot retired, with Kimi Code as the fallback.
    const lines: string[] = [];
    const env = await startGatewayEnv({
      sim: { serveRetiredModels: false },
      primary: "moonshot/kimi-k2-thinking",
      fallbacks: ["kimi-code/kimi-for-coding"],
      start: { log: (line) => lines.push(line) },
      editConfig: (config) => {
        const providers = (
          config.models as { providers: Record<string, { models: { id: string }[] }> }
        ).providers;
        const order = ["kimi-k2.5", "kimi-k2-thinking", "kimi-k2-turbo-preview", "kimi-k3"];
        providers.moonshot?.models.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
      },
    });
    running.push(env);
    const sdk = env.client();
    const messages = [{ role: "user" as const, content: "hi" }];
    await eventually(
      () => lines.some((line) => line.includes("not in the models your key can use")),
      5000,
      "the line naming the models moonshot does not list",
    );
    expect((await sdk.chat.completions.create({ model: "openclaw", messages })).model).toBe(
      "kimi-code/kimi-for-coding",
    );
    // kimi-k3 takes a range (kimi-k2.5's one temperature is sent in place of any, noted apart).
    await sdk.chat.completions.create({ model: "moonshot/kimi-k3", messages, temperature: 1.6 });

    // The guide quotes a gateway in the default state dir, whose commands are bare; this one runs
    // in its own, so each command it gives starts with that dir (488872e7), taken off to compare.
    const prefix = `OPENCLAW_STATE_DIR=${env.stateDir} `;
    const logged = lines.join("\n");
    expect(logged).toContain(`${prefix}openclaw models scan --provider moonshot`);
    const said = logged.replaceAll(prefix, "");
    expect(said).toContain(quotedBlock("gateway: moonshot: moonshot/kimi-k2-thinking"));
    expect(said).toContain(
      quotedBlock("gateway: moonshot/kimi-k2-thinking: the provider answers 404"),
    );
    expect(said).toContain(quotedBlock("gateway: moonshot/kimi-k3: temperature 1.6 lowered to 1"));
  });
});
