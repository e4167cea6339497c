/**
 * A gateway that reads a config file, whose key the provider refuses: the hint says when the
 * gateway reads the key's place again. Before, every such gateway said '(read when openclaw
 * starts)', which sent the person to restart a watched gateway that rereads its file when saved,
 * and said nothing of reload() to a program that started it with watch: false.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type RunningGateway, type StartGatewayOptions, startGateway } from "../src/index.js";
import { customProvider } from "./helpers/custom-provider-entry.js";
import { withSimulator } from "./helpers/file-simulator.js";
import { askGateway } from "./helpers/gateway-chat.js";
import { tempDir } from "./helpers/tmp.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const WRONG_KEY = "sk-test-moonshot-ai-9999";
const GATEWAY = { auth: { mode: "none" }, ledger: { enabled: false } };

function writeConfig(file: string, moonshot: Record<string, unknown>, env?: object): void {
  const providers = { moonshot: { baseUrl: sim.moonshotBaseUrl, ...moonshot } };
  writeFileSync(
    file,
    JSON.stringify({ ...(env ? { env } : {}), models: { providers }, gateway: GATEWAY }),
  );
}

/** A chat request's status, and its error's message: the hint is in it. */
async function ask(gateway: RunningGateway, model?: string) {
  const { status, message } = await askGateway(gateway, model);
  return { status, hint: message };
}

/** A gateway on a config file of its own dir, and a promise of its next reload. */
async function fileGateway(
  setUp: (file: string) => void,
  options: StartGatewayOptions = {},
  env: Record<string, string> = {},
) {
  const dir = tempDir("read-when-");
  const file = join(dir, "openclaw.json");
  setUp(file);
  let reloaded: () => void = () => {};
  const nextReload = () => new Promise<void>((done) => (reloaded = done));
  const gateway = await startGateway({
    port: 0,
    env: { OPENCLAW_STATE_DIR: dir, HOME: dir, ...env },
    onReloaded: () => reloaded(),
    ...options,
  });
  return { gateway, file, nextReload };
}

describe("a refused key of a gateway reading a config file", () => {
  it("watched: the key in the file is read again when it is saved, and it is", async () => {
    const { gateway, file, nextReload } = await fileGateway((f) =>
      writeConfig(f, { apiKey: WRONG_KEY }),
    );
    try {
      const refused = await ask(gateway);
      expect(refused.status).toBe(502);
      expect(refused.hint).not.toContain("read when openclaw starts");
      expect(refused.hint).toContain(
        "put the right key in models.providers.moonshot.apiKey (read again when the config file is saved: the gateway picks it up without a restart)",
      );
      expect(refused.hint).not.toContain("9999");
      // Done as it says: saved, and no restart.
      const reload = nextReload();
      writeConfig(file, { apiKey: sim.keys.moonshot });
      await reload;
      expect((await ask(gateway)).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it("watched: a key in the file's env block is read again when it is saved", async () => {
    const { gateway } = await fileGateway((f) =>
      writeConfig(f, {}, { MOONSHOT_API_KEY: WRONG_KEY }),
    );
    try {
      const refused = await ask(gateway);
      expect(refused.status).toBe(502);
      expect(refused.hint).toContain(
        "put the right key in the config's env.MOONSHOT_API_KEY (read again when the config file is saved: the gateway picks it up without a restart)",
      );
    } finally {
      await gateway.close();
    }
  });

  it("with watch: false: read at a restart or reload(), and reload() takes it", async () => {
    const { gateway, file } = await fileGateway((f) => writeConfig(f, { apiKey: WRONG_KEY }), {
      watch: false,
    });
    try {
      const refused = await ask(gateway);
      expect(refused.status).toBe(502);
      expect(refused.hint).toContain(
        "put the right key in models.providers.moonshot.apiKey (read when the gateway starts: restart it, or call its reload(), after the fix)",
      );
      writeConfig(file, { apiKey: sim.keys.moonshot });
      expect((await ask(gateway)).status).toBe(502); // not watched: the file is not read
      expect(gateway.reload()).toBe(true);
      expect((await ask(gateway)).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it("a variable of its environment is the one it started with, whatever the watch", async () => {
    const { gateway } = await fileGateway(
      (f) => writeConfig(f, {}),
      {},
      {
        MOONSHOT_API_KEY: WRONG_KEY,
      },
    );
    try {
      const refused = await ask(gateway);
      expect(refused.status).toBe(502);
      expect(refused.hint).toContain(
        "put the right key in $MOONSHOT_API_KEY (read from the environment the gateway started with: restart it with the new one)",
      );
    } finally {
      await gateway.close();
    }
  });
  it("watched: an apiKey ${VAR} whose VAR the file's env block sets is the block's, read again when saved", async () => {
    const custom = (key: string) => ({
      env: { MYPROXY_KEY: key },
      models: {
        providers: {
          myproxy: customProvider([{ id: "kimi-k2.5", name: "Kimi K2.5" }], {
            baseUrl: sim.moonshotBaseUrl,
            apiKey: "${MYPROXY_KEY}",
          }),
        },
      },
      gateway: GATEWAY,
    });
    const { gateway, file, nextReload } = await fileGateway((f) =>
      writeFileSync(f, JSON.stringify(custom(WRONG_KEY))),
    );
    try {
      const refused = await ask(gateway, "myproxy/kimi-k2.5");
      expect(refused.status).toBe(502);
      // Before, '$MYPROXY_KEY (read from the environment the gateway started with: restart it…)'.
      expect(refused.hint).toContain(
        "put the right key in the config's env.MYPROXY_KEY (read again when the config file is saved: the gateway picks it up without a restart)",
      );
      const reload = nextReload();
      writeFileSync(file, JSON.stringify(custom(sim.keys.moonshot)));
      await reload;
      expect((await ask(gateway, "myproxy/kimi-k2.5")).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it("an apiKey ${VAR} the gateway's environment sets over the env block is the environment's", async () => {
    const { gateway } = await fileGateway(
      (f) =>
        writeFileSync(
          f,
          JSON.stringify({
            env: { MYPROXY_KEY: "sk-test-moonshot-ai-1111" },
            models: {
              providers: {
                myproxy: customProvider([{ id: "kimi-k2.5", name: "Kimi K2.5" }], {
                  baseUrl: sim.moonshotBaseUrl,
                  apiKey: "${MYPROXY_KEY}",
                }),
              },
            },
            gateway: GATEWAY,
          }),
        ),
      {},
      { MYPROXY_KEY: WRONG_KEY },
    );
    try {
      const refused = await ask(gateway, "myproxy/kimi-k2.5");
      expect(refused.status).toBe(502);
      expect(refused.hint).toContain(
        "put the right key in $MYPROXY_KEY (read from the environment the gateway started with: restart it with the new one)",
      );
    } finally {
      await gateway.close();
    }
  });
});
