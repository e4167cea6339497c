/**
 * Anthropic `document` blocks on /v1/messages. A plain-text document (in a user message or a tool
 * result) reaches the model as its text, behind its title; a PDF is refused with a 400 that names
 * the block and says what to send instead, and nothing goes upstream. Before, every document was
 * a 400 that said only that the block type was not taken here. A PDF in a tool result (Claude
 * Code's Read tool on a .pdf) is left out with a text in its place and a note: refused, it stuck
 * the session, as the client replays the result on every turn.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: Anthropic;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

type ChatMessage = { role: string; content: unknown };

/** The text of each message the upstream was sent last, by role. */
function lastUpstreamTexts(): { role: string; text: string }[] {
  const body = env.sim.chatRequests().at(-1)?.body as { messages: ChatMessage[] };
  return body.messages.map(({ role, content }) => ({
    role,
    text:
      typeof content === "string" || content === null || content === undefined
        ? (content ?? "")
        : (content as { type: string; text?: string }[]).map((part) => part.text ?? "").join(""),
  }));
}

const model = "moonshot/kimi-k2.5";

describe("a plain-text document", () => {
  it("in a user message reaches the model as its title and text", async () => {
    const message = await client.messages.create({
      model,
      max_tokens: 256,
      messages: [
        {
          role: "user",
          content: [
            {
              type: "document",
              title: "notes.txt",
              source: { type: "text", media_type: "text/plain", data: "The door code is 4711." },
            },
            { type: "text", text: "What is the door code?" },
          ],
        },
      ],
    });
    expect(message.type).toBe("message");
    const body = env.sim.chatRequests().at(-1)?.body as { messages: ChatMessage[] };
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "notes.txt\n\nThe door code is 4711." },
          { type: "text", text: "What is the door code?" },
        ],
      },
    ]);
  });

  it("in a tool result reaches the model as the tool's text", async () => {
    const message = await client.messages.create({
      model,
      max_tokens: 256,
      tools: [{ name: "Read", input_schema: { type: "object", properties: {} } }],
      messages: [
        { role: "user", content: "read notes.txt" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_01", name: "Read", input: {} }],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "toolu_01",
              content: [
                {
                  type: "document",
                  source: {
                    type: "content",
                    content: [{ type: "text", text: "The door code is 4711." }],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(message.type).toBe("message");
    expect(lastUpstreamTexts().at(-1)).toEqual({ role: "tool", text: "The door code is 4711." });
  });
});

describe("a PDF document", () => {
  it("is refused naming the block and what to send instead, and nothing goes upstream", async () => {
    const sent = env.sim.chatRequests().length;
    const refused = await client.messages
      .create({
        model,
        max_tokens: 256,
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Summarise this." },
              {
                type: "document",
                source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjQK" },
              },
            ],
          },
        ],
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    const { status, error } = refused as InstanceType<typeof Anthropic.BadRequestError>;
    expect(status).toBe(400);
    expect(error).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message:
          'messages[0].content[1] is a PDF document (source.type "base64"): the models behind this gateway are sent text and images, not PDFs or files; send its text instead, as a text block or a plain-text document ({"type":"document","source":{"type":"text","media_type":"text/plain","data":"…"}})',
      },
    });
    expect(env.sim.chatRequests().length).toBe(sent);
  });
});

describe("a PDF in a tool result, as Claude Code's Read tool sends a .pdf", () => {
  it("is left out with a text saying so in its place and a note, and the turn is answered", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
    const { data: message, response } = await client.messages
      .create({
        model,
        max_tokens: 256,
        tools: [{ name: "Read", input_schema: { type: "object", properties: {} } }],
        messages: [
          { role: "user", content: "read report.pdf" },
          {
            role: "assistant",
            content: [
              {
                type: "tool_use",
                id: "toolu_01",
                name: "Read",
                input: { file_path: "report.pdf" },
              },
            ],
          },
          {
            role: "user",
            content: [
              {
                type: "tool_result",
                tool_use_id: "toolu_01",
                content: [
                  {
                    type: "document",
                    source: {
                      type: "base64",
                      media_type: "application/pdf",
                      data: pdf.toString("base64"),
                    },
                  },
                ],
              },
            ],
          },
        ],
      })
      .withResponse();
    expect(message.type).toBe("message");
    expect(lastUpstreamTexts().at(-1)).toEqual({
      role: "tool",
      text: `[Left out of this tool result: a PDF of ${pdf.length} bytes. The model cannot read PDFs or files in tool results; to have it read, extract its text first (for example with pdftotext) and give the model that text.]`,
    });
    const notes = (response.headers.get("x-openclaw-notes") ?? "")
      .split(",")
      .map((entry) => decodeURIComponent(entry.trim()));
    expect(notes).toContain(
      `messages[2].content[0].content[0]: a PDF of ${pdf.length} bytes in a tool result not sent (the model cannot read PDFs); a text saying so went in its place`,
    );
  });
});

describe("a PDF beside tool results, as Claude Code 2.1.197's Read tool sends a .pdf", () => {
  it("is left out with a text saying so after the tool results and a note, and the turn is answered", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    // The user turn as Claude Code sent it on the wire: the Read result says only that a PDF was
    // read, and the PDF itself follows the tool results as a block of its own.
    const { data: message, response } = await client.messages
      .create({
        model,
        max_tokens: 256,
        tools: [
          { name: "Bash", input_schema: { type: "object", properties: {} } },
          { name: "Read", input_schema: { type: "object", properties: {} } },
        ],
        messages: [
          { role: "user", content: "run echo one and read doc.pdf" },
          {
            role: "assistant",
            content: [
              { type: "tool_use", id: "toolu_01", name: "Bash", input: { command: "echo one" } },
              { type: "tool_use", id: "toolu_02", name: "Read", input: { file_path: "doc.pdf" } },
            ],
          },
          {
            role: "user",
            content: [
              {
                tool_use_id: "toolu_02",
                type: "tool_result",
                content: `PDF file read: /tmp/work/doc.pdf (${pdf.length} bytes)`,
              },
              { tool_use_id: "toolu_01", type: "tool_result", content: "one", is_error: false },
              {
                type: "document",
                source: {
                  type: "base64",
                  media_type: "application/pdf",
                  data: pdf.toString("base64"),
                },
                cache_control: { type: "ephemeral" },
              },
            ],
          },
        ],
      })
      .withResponse();
    expect(message.type).toBe("message");
    expect(lastUpstreamTexts().slice(-3)).toEqual([
      { role: "tool", text: `PDF file read: /tmp/work/doc.pdf (${pdf.length} bytes)` },
      { role: "tool", text: "one" },
      {
        role: "user",
        text: `[Left out of the tool results' message: a PDF of ${pdf.length} bytes. The model cannot read PDFs or files in tool results; to have it read, extract its text first (for example with pdftotext) and give the model that text.]`,
      },
    ]);
    const notes = (response.headers.get("x-openclaw-notes") ?? "")
      .split(",")
      .map((entry) => decodeURIComponent(entry.trim()));
    expect(notes).toContain(
      `messages[2].content[2]: a PDF of ${pdf.length} bytes beside tool results not sent (the model cannot read PDFs); a text saying so went in its place`,
    );
  });
});
