/**
 * A request (or a run's options, or startGateway's) with thousands of made-up keys, as a fuzzer or
 * a wrongly spread object sends: refused before anything is sent, naming the first few names with
 * their suggestions and counting the rest, so the error is a few lines, not megabytes. `where`
 * names the first ones (the first is the field at fault, as before).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenClawError } from "../../src/errors.js";
import { startGateway } from "../../src/index.js";
import { openRuntime, type RunOptions, type Runtime } from "../../src/runtime/index.js";
import { type SimEnv, startSimEnv } from "./sim-env.js";

let env: SimEnv;
let runtime: Runtime;
beforeAll(async () => {
  env = await startSimEnv();
  runtime = openRuntime({ env: env.env }).runtime;
});
afterAll(() => env.close());

const hi = { messages: [{ role: "user" as const, content: "hi" }] };

function madeUpKeys(count: number, prefix = "zz_field_"): Record<string, number> {
  const keys: Record<string, number> = {};
  for (let i = 0; i < count; i++) keys[`${prefix}${i}`] = 1;
  return keys;
}

async function refusalOf(options: unknown): Promise<OpenClawError> {
  const error = await runtime.complete(options as RunOptions).catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(OpenClawError);
  return error as OpenClawError;
}

describe("thousands of unknown names", () => {
  it("in a request: the first five named, the rest counted, nothing sent", async () => {
    const sentBefore = env.sim.chatRequests().length;
    const refusal = await refusalOf({ request: { ...hi, ...madeUpKeys(5000) } });
    expect(refusal.code).toBe("request.invalid");
    expect(refusal.message).toBe(
      "request.zz_field_0 is not a field of a request, nor request.zz_field_1, request.zz_field_2, request.zz_field_3, request.zz_field_4, and 4995 more",
    );
    expect(refusal.where).toBe(
      "request.zz_field_0, request.zz_field_1, request.zz_field_2, request.zz_field_3, request.zz_field_4",
    );
    expect(refusal.hint).toMatch(
      /^leave out "zz_field_0", "zz_field_1", "zz_field_2", "zz_field_3", "zz_field_4", and the 4995 more not named here: the fields a request takes are messages, /,
    );
    expect(refusal.hint?.length).toBeLessThan(600);
    expect(env.sim.chatRequests().length).toBe(sentBefore);
  });

  it("each named key is cut when long: a megabyte of name does not come back whole", async () => {
    const long = `x${"y".repeat(1_000_000)}`;
    const refusal = await refusalOf({ request: { ...hi, [long]: 1, other: 2 } });
    expect(refusal.message).toBe(
      `request.${long.slice(0, 40)}… is not a field of a request, nor request.other`,
    );
    expect(refusal.message.length + (refusal.where?.length ?? 0)).toBeLessThan(300);
  });

  it("among a run's options and timeouts, and startGateway's", async () => {
    const run = await refusalOf({ request: hi, ...madeUpKeys(3000, "opt") });
    expect(run.message).toMatch(/^"opt0".*"opt4".*, and 2995 more are not options of a run$/);
    expect(run.where).toBe("opt0, opt1, opt2, opt3, opt4");
    const timeouts = await refusalOf({ request: hi, timeouts: madeUpKeys(3000, "t") });
    expect(timeouts.message).toMatch(/, and 2995 more are not timeouts$/);
    expect(timeouts.where).toBe("timeouts.t0, timeouts.t1, timeouts.t2, timeouts.t3, timeouts.t4");
    const gateway = await startGateway(
      madeUpKeys(3000, "g") as Parameters<typeof startGateway>[0],
    ).catch((thrown: unknown) => thrown);
    expect(gateway).toMatchObject({ code: "usage", where: "g0, g1, g2, g3, g4" });
    expect((gateway as OpenClawError).message).toMatch(
      /^startGateway has no options "g0", "g1", "g2", "g3", "g4", and 2995 more$/,
    );
  });
});
