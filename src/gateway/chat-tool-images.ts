/**
 * Images in a chat-completions tool result (`{"role": "tool", "content": [{"type": "image_url",
 * …}]}`), as Zed's agent sends what its file-reading and MCP tools return: a tool message
 * carries text only upstream, so each such result keeps its text, says where its images went,
 * and the images go to the model in a user message after the run of tool results, as the
 * Responses and Messages routes send a tool output's images. The messages then sit at other
 * places than the client's: `clientPlaces` names them back. Pure.
 */
import type { ChatMessage, ContentPart, ImagePart } from "../providers/types.js";
import { toolImagesCaption, toolImagesTold } from "./responses-content-parts.js";

export interface MovedToolImages {
  messages: ChatMessage[];
  /** A text naming the moved messages' fields (`messages[4].content[1]`) as the client sent them. */
  clientPlaces: (text: string) => string;
}

/** Whether a checked message is a tool result holding an image part. */
export function isToolResultWithImage(message: ChatMessage): boolean {
  if (message.role !== "tool" || !Array.isArray(message.content)) return false;
  return (message.content as readonly ContentPart[]).some((part) => part.type === "image_url");
}

/** `messages` with the tool results' images moved into user messages after their run. */
export function moveToolResultImages(messages: readonly ChatMessage[]): MovedToolImages {
  const moved: ChatMessage[] = [];
  /** For each moved message, the client's index of the message it came from. */
  const sources: number[] = [];
  /** A moved image part's place (`messages[5].content[1]`) → the client's. */
  const imagePlaces = new Map<string, string>();
  let pending: { callId: string; images: ImagePart[]; places: string[]; from: number }[] = [];
  const sendPending = (): void => {
    for (const { callId, images, places, from } of pending) {
      const at = moved.length;
      images.forEach((_, i) => {
        imagePlaces.set(`messages[${at}].content[${i + 1}]`, places[i] ?? "");
      });
      moved.push({
        role: "user",
        content: [toolImagesCaption(callId, images.length), ...images],
      });
      sources.push(from);
    }
    pending = [];
  };
  messages.forEach((message, index) => {
    if (message.role !== "tool") sendPending();
    if (message.role === "tool" && isToolResultWithImage(message)) {
      const parts = message.content as unknown as readonly ContentPart[];
      const images: ImagePart[] = [];
      const places: string[] = [];
      const texts: string[] = [];
      parts.forEach((part, i) => {
        if (part.type === "image_url") {
          images.push(part);
          places.push(`messages[${index}].content[${i}]`);
        } else if (part.type === "text") texts.push(part.text);
      });
      const text = texts.join("\n");
      const told = toolImagesTold(images.length);
      moved.push({ ...message, content: text === "" ? told : `${text}\n${told}` });
      pending.push({ callId: message.tool_call_id, images, places, from: index });
    } else moved.push(message);
    sources.push(index);
  });
  sendPending();
  return { messages: moved, clientPlaces: placeRenamer(sources, imagePlaces) };
}

/** Renames the moved messages' places in a text to the client's own. */
function placeRenamer(
  sources: readonly number[],
  imagePlaces: ReadonlyMap<string, string>,
): (text: string) => string {
  return (text) =>
    text.replace(
      /\bmessages\[(\d+)\](\.content\[\d+\])?/g,
      (whole, index: string, part: string | undefined) =>
        (part !== undefined ? imagePlaces.get(whole) : undefined) ??
        `messages[${sources[Number(index)] ?? index}]${part ?? ""}`,
    );
}
