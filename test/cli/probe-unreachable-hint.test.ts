/**
 * `doctor --probe` and `models status --probe` with an endpoint nobody listens at: the hint said
 * to check the network or proxy, then run `openclaw models status --probe`, which only probes
 * again. It says what to check and where the base URL is set: its dotted path and the file:line
 * that holds it. On loopback no proxy stands between: nothing listening there is what it says.
 */
import { describe, expect, it } from "vitest";
import { moonshotStateAt } from "../helpers/moonshot-at.js";
import { closedPort } from "../helpers/net.js";

async function unreachableState() {
  const port = await closedPort();
  const state = moonshotStateAt(`http://127.0.0.1:${port}/v1`);
  const place = `nothing is listening on 127.0.0.1:${port} (connection refused): start the server there, or fix the base URL (models.providers.moonshot.baseUrl, ${state.configPath}:4)`;
  return { state, place };
}

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe("a probe that cannot reach its endpoint", () => {
  it("doctor --probe names the base URL and its line, and no command that probes again", async () => {
    const { state, place } = await unreachableState();
    const doctor = await state.run(["doctor", "--probe"]);
    const text = unwrapped(doctor.stdout + doctor.stderr);
    expect(text).toContain("moonshot: could not reach");
    expect(text).toContain(`the key was not verified; ${place}`);
    expect(text).not.toContain("any proxy");
    expect(text).not.toContain("openclaw models status --probe");
  });

  it("models status --probe --json says the same in its probe's hint", async () => {
    const { state, place } = await unreachableState();
    const status = await state.run(["models", "status", "--probe", "--json"]);
    expect(status.stdout).toContain(place.replaceAll("\\", "\\\\"));
    expect(status.stdout).not.toContain("openclaw models status --probe");
  });
});
