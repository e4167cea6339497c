/**
 * `models scan --prune` against the simulator's current API (kimi-k2.5, k2.6, k2.7-code, k3; the
 * K2 previews and kimi-k2-thinking* retired): the models a provider no longer lists go out of
 * the config with their aliases and allowlist entries, the rest of the file as written.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/wait.js";
import { closedPort, freshState, KIMI_KEY, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

/** A hand-written config: comments, a retired id between served ones, an alias of a retired id. */
const HAND_WRITTEN = `{
  // Moonshot, written by hand
  models: {
    providers: {
      moonshot: {
        baseUrl: "\${SIM_URL}", // the simulator
        models: [
          // the one I use
          { id: "kimi-k2.5", name: "Kimi K2.5" }, // daily
          { id: "kimi-k2-thinking", name: "Kimi K2 Thinking" }, // for hard ones
          // added when it came out
          { id: "kimi-k2.6", name: "Kimi K2.6" },
          /* fast */
          { id: "kimi-k2-turbo-preview", name: "Kimi K2 Turbo" },
        ],
      },
    },
  },
  agents: {
    defaults: {
      model: { primary: "moonshot/kimi-k2.5" },
      models: {
        "moonshot/kimi-k2.5": { alias: "K" }, // short
        "moonshot/kimi-k2-thinking": { alias: "Thinking" },
        "moonshot/kimi-k2.6": {},
      },
    },
  },
}
`;

const PRUNED = `{
  // Moonshot, written by hand
  models: {
    providers: {
      moonshot: {
        baseUrl: "\${SIM_URL}", // the simulator
        models: [
          // the one I use
          { id: "kimi-k2.5", name: "Kimi K2.5" }, // daily
          // added when it came out
          { id: "kimi-k2.6", name: "Kimi K2.6" },
        ],
      },
    },
  },
  agents: {
    defaults: {
      model: { primary: "moonshot/kimi-k2.5" },
      models: {
        "moonshot/kimi-k2.5": { alias: "K" }, // short
        "moonshot/kimi-k2.6": {},
      },
    },
  },
}
`;

/**
 * A relay to the simulator that holds each request until `release()`: what the config becomes
 * while a scan waits for its answer is then the test's to choose, with no clock involved.
 */
async function holdingRelay(target: string) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = 0;
  const server = createServer((req, res) => {
    held += 1;
    const body: Buffer[] = [];
    req.on("data", (chunk: Buffer) => body.push(chunk));
    req.on("end", () => {
      void released.then(() => {
        const upstream = request(
          `${target}${req.url ?? "/"}`,
          { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.end(Buffer.concat(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => held,
    release,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function moonshotState(extra: Record<string, string> = {}) {
  return freshState({
    SIM_URL: sim.moonshotBaseUrl,
    MOONSHOT_API_KEY: MOONSHOT_KEY,
    ...extra,
  });
}

describe("models scan --prune", () => {
  it("removes exactly the entries of the gone models and their aliases, every comment of the rest kept", async () => {
    const state = moonshotState();
    writeFileSync(state.configPath, HAND_WRITTEN);

    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain(
      "Remove the gone ones from the config with: openclaw models scan --provider moonshot --prune",
    );
    expect(readFileSync(state.configPath, "utf8")).toBe(HAND_WRITTEN);

    const prune = await state.run(["models", "scan", "--provider", "moonshot", "--prune"]);
    expect(prune.stderr).toBe("");
    expect(prune.code).toBe(0);
    expect(readFileSync(state.configPath, "utf8")).toBe(PRUNED);
    // The file as it was, to undo the prune by hand.
    expect(readFileSync(`${state.configPath}.bak`, "utf8")).toBe(HAND_WRITTEN);
    const out = prune.stdout.replace(/\s+/g, " ");
    expect(out).toContain(
      `✓ removed 2 models no longer listed from ${state.configPath} (the file as it was is kept as openclaw.json.bak): moonshot/kimi-k2-turbo-preview, moonshot/kimi-k2-thinking`,
    );
    // The retired ids are in openclaw's own list too: what becomes of them is said.
    expect(out).toContain(
      "moonshot/kimi-k2-0905-preview, moonshot/kimi-k2-turbo-preview, moonshot/kimi-k2-thinking, moonshot/kimi-k2-thinking-turbo are also in openclaw's built-in model list, which the file does not change: they stay in the catalog (openclaw models list --all) and a scan counts them among that list's ids the provider does not offer, not as gone; agents.defaults.models does not list them, so they cannot be used",
    );
    // Models it shut out on purpose are not named as refused ones to list again.
    expect(prune.stdout).not.toContain("could be used before");
    // The summary is as true of the file as written: "known" is what both the endpoint and the
    // config have, and a prune only takes out what the endpoint does not list.
    expect(scan.stdout).toContain("4 models reported, 2 already known");
    expect(prune.stdout).toContain("4 models reported, 2 already known");

    const again = await state.run(["models", "scan", "--provider", "moonshot", "--prune"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `nothing to prune in ${state.configPath}: it has no entry for a model a provider no longer lists`,
    );
    expect(again.stdout).not.toContain("Remove the gone ones");
    expect(again.stdout).toContain("4 models reported, 2 already known");
    expect(readFileSync(state.configPath, "utf8")).toBe(PRUNED);
  });

  it("marks the rows of the models it removed, as --json names them: the table and the removal tell one story", async () => {
    // The removal was said first, then the table listed the same models as `- gone` still, and
    // its `~ differs` commands named entries by their places before the prune.
    const state = moonshotState();
    writeFileSync(state.configPath, HAND_WRITTEN);
    const prune = await state.run(["models", "scan", "--provider", "moonshot", "--prune"], {
      COLUMNS: "100",
    });
    expect(prune.code).toBe(0);
    const gone = prune.stdout.split("\n").filter((line) => line.startsWith("  - gone"));
    expect(gone).toEqual([
      "  - gone    kimi-k2-turbo-preview (not offered to this key) — removed",
      "  - gone    kimi-k2-thinking (not offered to this key) — removed",
    ]);
    // kimi-k2.6 was models[2]; with kimi-k2-thinking gone it is models[1]: the command to copy
    // names it there (models[2] is past the end of the list now).
    // (A command too long for the 100 columns goes on with a shell line continuation.)
    expect(prune.stdout.replace(/ \\\n\s+/g, " ")).toContain(
      `openclaw config set 'models.providers.moonshot.models[1].input' '["text","image","video"]'`,
    );
    expect(prune.stdout).not.toContain("models.providers.moonshot.models[2]");

    const json = moonshotState();
    writeFileSync(json.configPath, HAND_WRITTEN);
    const result = JSON.parse(
      (await json.run(["models", "scan", "--provider", "moonshot", "--prune", "--json"])).stdout,
    );
    expect(result.removed).toEqual(["moonshot/kimi-k2-turbo-preview", "moonshot/kimi-k2-thinking"]);
    expect(JSON.stringify(result.providers[0].differences)).toContain(
      "models.providers.moonshot.models[1].input",
    );
    expect(JSON.stringify(result.providers[0].differences)).not.toContain("models[2]");

    // Without --prune nothing is removed, and no row says so.
    const scan = await moonshotState().run(["models", "scan", "--provider", "moonshot"], {
      COLUMNS: "100",
    });
    expect(scan.stdout).not.toContain("— removed");
  });

  it("is refused while the default model or a fallback is gone: exit 1, the file unchanged to the byte", async () => {
    const state = moonshotState();
    const chained = HAND_WRITTEN.replace(
      'model: { primary: "moonshot/kimi-k2.5" },',
      'model: { primary: "Thinking", fallbacks: ["moonshot/kimi-k2-turbo-preview", "moonshot/kimi-k2.6"] },',
    );
    writeFileSync(state.configPath, chained);

    const prune = await state.run(["models", "scan", "--provider", "moonshot", "--add", "--prune"]);
    expect(prune.code).toBe(1);
    expect(readFileSync(state.configPath, "utf8")).toBe(chained);
    expect(existsSync(`${state.configPath}.bak`)).toBe(false);
    const err = prune.stderr.replace(/\s+/g, " ");
    expect(err).toContain(
      "error: nothing was pruned or added: the default model, moonshot/kimi-k2-thinking, and fallback #1, moonshot/kimi-k2-turbo-preview, are among the gone models (moonshot no longer lists them)",
    );
    expect(err).toContain(
      "hint: first run: openclaw models set moonshot/kimi-k2.5, then openclaw models fallbacks remove moonshot/kimi-k2-turbo-preview; then again: openclaw models scan --provider moonshot --add --prune",
    );
    // --add waits for the prune: nothing was added either.
    expect(prune.stdout).not.toContain("— added");

    const json = await state.run(["models", "scan", "--provider", "moonshot", "--prune", "--json"]);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe("");
    // The first entry at fault, by file, line and dotted path.
    const line = chained.split("\n").findIndex((text) => text.includes('primary: "Thinking"')) + 1;
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: {
        code: "models.prune_refused",
        where: `${state.configPath}:${line}: agents.defaults.model.primary`,
      },
      added: [],
      removed: [],
    });
    expect(readFileSync(state.configPath, "utf8")).toBe(chained);
  });

  it("refused for a gone fallback alone, points at that fallback's entry, not at the default", async () => {
    const state = moonshotState();
    const chained = HAND_WRITTEN.replace(
      'model: { primary: "moonshot/kimi-k2.5" },',
      `model: {
        primary: "moonshot/kimi-k2.5",
        fallbacks: ["moonshot/kimi-k2.6", "moonshot/kimi-k2-turbo-preview"],
      },`,
    );
    writeFileSync(state.configPath, chained);
    const line = chained.split("\n").findIndex((text) => text.includes("fallbacks: [")) + 1;

    // A scan alone does not offer the prune it would refuse: it says what to run first.
    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(scan.stdout).not.toContain("scan --provider moonshot --prune");
    expect(scan.stdout.replace(/\s+/g, " ")).toContain(
      "Take it out: openclaw models fallbacks remove moonshot/kimi-k2-turbo-preview",
    );

    const prune = await state.run(["models", "scan", "--provider", "moonshot", "--prune"]);
    expect(prune.code).toBe(1);
    expect(prune.stderr).toContain(
      `  at ${state.configPath}:${line}: agents.defaults.model.fallbacks[1]\n`,
    );
    const json = await state.run(["models", "scan", "--provider", "moonshot", "--prune", "--json"]);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: "models.prune_refused",
      where: `${state.configPath}:${line}: agents.defaults.model.fallbacks[1]`,
    });
    expect(readFileSync(state.configPath, "utf8")).toBe(chained);
  });

  it("keeps in the .bak, and names, a key that only went because its model's entry did", async () => {
    const state = moonshotState();
    const secret = "sk-proxy-header-key-000111222333";
    const withKey = HAND_WRITTEN.replace(
      '{ id: "kimi-k2-thinking", name: "Kimi K2 Thinking" },',
      `{ id: "kimi-k2-thinking", name: "Kimi K2 Thinking", headers: { "X-Api-Key": "${secret}" } },`,
    );
    writeFileSync(state.configPath, withKey);

    const prune = await state.run(["models", "scan", "--provider", "moonshot", "--prune"]);
    expect(prune.code).toBe(0);
    expect(readFileSync(state.configPath, "utf8")).toBe(PRUNED);
    // The file as it was, key included: the prune did not ask to take the key off the disk.
    expect(readFileSync(`${state.configPath}.bak`, "utf8")).toBe(withKey);
    expect(prune.stdout.replace(/\s+/g, " ")).toContain(
      "the key at models.providers.moonshot.models[1].headers.X-Api-Key went with its entry: openclaw.json.bak keeps it, as the file had it, until the next change to the config replaces that copy",
    );
    expect(`${prune.stdout}${prune.stderr}`).not.toContain(secret);

    writeFileSync(state.configPath, withKey);
    const json = await state.run(["models", "scan", "--provider", "moonshot", "--prune", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).prune).toMatchObject({
      keysKeptInBackup: ["models.providers.moonshot.models[1].headers.X-Api-Key"],
    });
    expect(json.stdout).not.toContain(secret);
    expect(readFileSync(`${state.configPath}.bak`, "utf8")).toBe(withKey);
  });

  it("--json: the removed refs, and the allowlist turned off when its last entry goes", async () => {
    const state = moonshotState();
    // The allowlist lists only retired models; the default is served.
    writeFileSync(
      state.configPath,
      `{\n  models: { providers: { moonshot: { baseUrl: "\${SIM_URL}" } } },\n  agents: { defaults: {\n    model: "moonshot/kimi-k2.5",\n    models: { "moonshot/kimi-k2-thinking": { alias: "Thinking" } },\n  } },\n}\n`,
    );
    const prune = await state.run([
      "models",
      "scan",
      "--provider",
      "moonshot",
      "--prune",
      "--json",
    ]);
    expect(prune.stderr).toBe("");
    expect(prune.code).toBe(0);
    const result = JSON.parse(prune.stdout);
    expect(result).toMatchObject({
      added: [],
      removed: ["moonshot/kimi-k2-thinking"],
      prune: {
        configPath: state.configPath,
        written: true,
        builtIn: [
          "moonshot/kimi-k2-0905-preview",
          "moonshot/kimi-k2-turbo-preview",
          "moonshot/kimi-k2-thinking",
          "moonshot/kimi-k2-thinking-turbo",
        ],
        keysKeptInBackup: [],
        notPruned: [],
        warnings: [],
      },
    });
    expect(result.providers[0]).toMatchObject({ provider: "moonshot", status: "ok" });
    // The words config unset uses when the allowlist's last entry goes.
    expect(result.prune.message).toContain(
      "agents.defaults.models has no entry left, so it is no longer an allowlist: every configured model can be used",
    );
    expect(readFileSync(state.configPath, "utf8")).toBe(
      `{\n  models: { providers: { moonshot: { baseUrl: "\${SIM_URL}" } } },\n  agents: { defaults: {\n    model: "moonshot/kimi-k2.5",\n  } },\n}\n`,
    );
  });

  it("names the included file and line of a gone model it cannot remove, and stops suggesting --prune for it", async () => {
    const state = moonshotState();
    writeFileSync(
      state.configPath,
      `{
  $include: "./extra.json5",
  models: { providers: { moonshot: { baseUrl: "\${SIM_URL}", models: [
    { id: "kimi-k2.5", name: "Kimi K2.5" },
    { id: "kimi-k2-thinking", name: "Kimi K2 Thinking" },
  ] } } },
  agents: { defaults: { model: "moonshot/kimi-k2.5", models: { "moonshot/kimi-k2.5": {} } } },
}
`,
    );
    const included = join(state.dir, "extra.json5");
    const extra = `{
  agents: {
    defaults: {
      models: {
        "moonshot/kimi-k2-thinking": { alias: "Thinking" },
      },
    },
  },
}
`;
    writeFileSync(included, extra);

    const prune = await state.run(["models", "scan", "--provider", "moonshot", "--prune"]);
    expect(prune.code).toBe(0);
    expect(prune.stderr.replace(/\s+/g, " ")).toContain(
      `warning: moonshot/kimi-k2-thinking is gone but set in ${included}:5, which openclaw.json includes with $include: models scan --prune changes only ${state.configPath}; remove it there in an editor`,
    );
    expect(readFileSync(included, "utf8")).toBe(extra);
    // The included file still lists it in the allowlist: it is not said to be unusable.
    const out = prune.stdout.replace(/\s+/g, " ");
    expect(out).toContain(
      "moonshot/kimi-k2-0905-preview, moonshot/kimi-k2-turbo-preview, moonshot/kimi-k2-thinking-turbo are also in openclaw's built-in model list",
    );
    expect(out).not.toContain(
      "moonshot/kimi-k2-thinking, moonshot/kimi-k2-thinking-turbo are also",
    );

    // What is left is the included file's: --prune cannot remove it, so it is not suggested.
    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain("- gone    kimi-k2-thinking");
    expect(scan.stdout).not.toContain("--prune");
  });

  /**
   * `models scan --provider moonshot --add --prune` (and `extra`) over a provider whose list in
   * the config has only a retired id and no default, which another process makes the default
   * while the scan waits for its answer: the check before the scan passes, the one under the
   * prune's lock refuses, after --add has written the listed models.
   */
  async function defaultGoneDuringScan(extra: string[]) {
    const relay = await holdingRelay(sim.url);
    try {
      const state = moonshotState({ SIM_URL: `${relay.url}/v1` });
      const providers = `models: { mode: "replace", providers: { moonshot: { baseUrl: "\${SIM_URL}", apiKey: "\${MOONSHOT_API_KEY}", models: [\n    { id: "kimi-k2-thinking", name: "Kimi K2 Thinking" },\n  ] } } },`;
      writeFileSync(state.configPath, `{\n  ${providers}\n}\n`);
      const run = state.run([
        "models",
        "scan",
        "--provider",
        "moonshot",
        "--add",
        "--prune",
        ...extra,
      ]);
      await eventually(() => relay.held() > 0, 10_000, "the scan's GET /models");
      writeFileSync(
        state.configPath,
        `{\n  ${providers}\n  agents: { defaults: { model: "moonshot/kimi-k2-thinking" } },\n}\n`,
      );
      relay.release();
      const result = await run;
      expect(readFileSync(state.configPath, "utf8")).toContain('id: "kimi-k2.5"');
      return result;
    } finally {
      relay.release();
      await relay.close();
    }
  }

  /** What to run once --add has written kimi-k2.5: only `models set`, not --add again. */
  const SET_THEN_AGAIN =
    "first run: openclaw models set moonshot/kimi-k2.5; then again: openclaw models scan --provider moonshot --add --prune";

  it("--add --prune: a default gone since the scan is refused under the lock, its hint not sending the person to add what --add just wrote", async () => {
    const prune = await defaultGoneDuringScan([]);
    expect(prune.code).toBe(1);
    expect(prune.stdout).toContain("added 4 models to");
    const err = prune.stderr.replace(/\s+/g, " ");
    expect(err).toContain(
      "error: nothing was pruned: the default model, moonshot/kimi-k2-thinking, is one of the gone models",
    );
    expect(err).toContain(`hint: ${SET_THEN_AGAIN}`);

    // --json: the scan's object, with the models --add wrote, the refusal as its error.
    const json = await defaultGoneDuringScan(["--json"]);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: "models.prune_refused", hint: SET_THEN_AGAIN },
      added: [
        "moonshot/kimi-k2.5",
        "moonshot/kimi-k2.6",
        "moonshot/kimi-k2.7-code",
        "moonshot/kimi-k3",
      ],
      removed: [],
    });
  });

  it("leaves a provider whose list could not be read as it is", async () => {
    const port = await closedPort();
    const state = moonshotState({
      KIMI_URL: `http://127.0.0.1:${port}/coding/v1`,
      KIMICODE_API_KEY: KIMI_KEY,
    });
    const text = HAND_WRITTEN.replace(
      "      moonshot: {",
      `      "kimi-code": {\n        baseUrl: "\${KIMI_URL}",\n        models: [{ id: "kimi-for-coding", name: "Kimi For Coding" }, { id: "kimi-old", name: "Old" }],\n      },\n      moonshot: {`,
    ).replace(
      '"moonshot/kimi-k2.6": {},',
      '"moonshot/kimi-k2.6": {},\n        "kimi-code/kimi-old": {},',
    );
    writeFileSync(state.configPath, text);

    const prune = await state.run(["models", "scan", "--prune"]);
    expect(prune.code).toBe(0);
    // The scan's own lines, after the prune's, say why.
    expect(prune.stdout).toContain("not pruned: kimi-code (its list could not be read; see below)");
    expect(prune.stdout.indexOf("not pruned: kimi-code")).toBeLessThan(
      prune.stdout.indexOf("failed: could not reach"),
    );
    expect(readFileSync(state.configPath, "utf8")).toBe(
      PRUNED.replace(
        "      moonshot: {",
        `      "kimi-code": {\n        baseUrl: "\${KIMI_URL}",\n        models: [{ id: "kimi-for-coding", name: "Kimi For Coding" }, { id: "kimi-old", name: "Old" }],\n      },\n      moonshot: {`,
      ).replace(
        '"moonshot/kimi-k2.6": {},',
        '"moonshot/kimi-k2.6": {},\n        "kimi-code/kimi-old": {},',
      ),
    );

    const json = await state.run(["models", "scan", "--prune", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      removed: [],
      prune: { notPruned: ["kimi-code"] },
    });
  });

  it("with no list read, does not say the config has no gone model", async () => {
    const port = await closedPort();
    const state = moonshotState({ SIM_URL: `http://127.0.0.1:${port}/v1` });
    writeFileSync(state.configPath, HAND_WRITTEN);
    const prune = await state.run(["models", "scan", "--provider", "moonshot", "--prune"]);
    expect(prune.code).toBe(1);
    expect(prune.stdout).toContain(
      `nothing pruned in ${state.configPath}: no provider's list of models could be read`,
    );
    expect(prune.stdout).not.toContain("it has no entry for a model a provider no longer lists");
    expect(readFileSync(state.configPath, "utf8")).toBe(HAND_WRITTEN);
  });
});
