/**
 * Chinese prose in what the CLI wraps itself (an error from the provider, a hint) is broken
 * between its characters at the terminal's width, by display width (two cells an ideograph),
 * never before a closing ，。） nor inside a Latin word or a model ref; its further lines keep the
 * indent under `error: `. Chinese has no spaces, so a sentence was one word: the terminal cut it
 * wherever it reached the edge, back at column 0. The built CLI (`npm run build` first) in a
 * pseudo-terminal against the simulator over real sockets, and wrapText itself.
 */
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { wrapText } from "../../src/cli/output.js";
import { runInTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes is the point
const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]/g;

const MESSAGE =
  "请求参数无效：消息内容不能为空，请检查您的输入后重试。这是一条很长的中文错误信息，用来测试换行（kimi-k2.5 模型）。";

describe("Chinese prose wrapped to the terminal", () => {
  it("wrapText breaks between characters, by display width, not before closing punctuation", () => {
    for (const width of [20, 31, 40]) {
      const lines = wrapText(MESSAGE, width).split("\n");
      expect(lines.join("").replaceAll(" ", "")).toBe(MESSAGE.replaceAll(" ", ""));
      for (const line of lines) {
        expect(displayWidth(line), line).toBeLessThanOrEqual(width);
        expect(line, `at ${width}`).not.toMatch(/^[，。：）]/);
      }
      // The ref stays whole.
      expect(lines.some((line) => line.includes("kimi-k2.5"))).toBe(true);
    }
    // A path or a URL is still kept whole, to be copied.
    expect(wrapText("/home/用户/文档/很长很长很长的目录/openclaw.json", 10)).toBe(
      "/home/用户/文档/很长很长很长的目录/openclaw.json",
    );
  });

  it("an error from the provider in Chinese fits a 40-column terminal, indented under error:", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([
      {
        respond: { error: { status: 400, type: "invalid_request_error", message: MESSAGE } },
      },
    ]);
    const { code, screen } = await runInTerminal(["agent", "-m", "你好"], {
      env: { ...cliEnv, LANG: "zh_CN.UTF-8" },
      cols: 40,
    });
    expect(code).toBe(1);
    // What each line ends up showing: a carriage return (the spinner's erase) writes over it.
    const lines = screen
      .split("\n")
      .map((line) => line.replace(/\r$/, "").split("\r").at(-1)?.replace(ESCAPES, "") ?? "");
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(40);
    const start = lines.findIndex((line) => line.startsWith("error: "));
    const end = lines.findIndex((line) => line.startsWith("  at "));
    const message = lines.slice(start, end);
    for (const line of message.slice(1)) expect(line).toMatch(/^ {7}\S/);
    expect(message.map((line) => line.trim()).join("")).toContain("用来测试换行（kimi-k2.5");
  });
});
