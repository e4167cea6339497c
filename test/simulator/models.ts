/** The models the simulator serves, with the request rules the real endpoints enforce for them. */

export interface SimModel {
  id: string;
  /** Which surface serves it: the Moonshot Open Platform or Kimi Code. */
  surface: "moonshot" | "kimi-code";
  contextLength: number;
  supportsReasoning: boolean;
  supportsImageIn: boolean;
  supportsVideoIn: boolean;
  /**
   * How thinking is decided: `always` (thinking-only models), `optional` (the `thinking` object
   * switches it, `thinkingDefault` when absent), `never`.
   */
  thinking: "always" | "optional" | "never";
  thinkingDefault: boolean;
  /** Only this temperature is accepted (`invalid temperature: only 0.6 is allowed for this model`). */
  fixedTemperature?: number;
  /** The one temperature accepted while thinking, where it differs (kimi-k2.5: 1, else 0.6). */
  fixedTemperatureThinking?: number;
  /** Only this `top_p` is accepted (`invalid top_p: only 0.95 is allowed for this model`). */
  fixedTopP?: number;
  /** Only this value of each penalty is accepted (`invalid presence_penalty: only 0 is allowed …`). */
  fixedPenalty?: number;
  /**
   * Kimi K3's way: it always thinks, takes its effort as a top-level `reasoning_effort` of these
   * values, and refuses a `thinking` object.
   */
  reasoningEfforts?: readonly string[];
  /**
   * Refuses Moonshot's preserved thinking (`thinking.keep`, K2.6's option) with
   * `thinking.keep is not supported by model "<id>"`, thinking on or off: K2.5 does (vercel/ai#18449,
   * where a maintainer's review and the author's live check say so).
   */
  refusesThinkingKeep?: boolean;
  /**
   * Takes an empty `reasoning_content` on an earlier tool-call turn as missing ("thinking is
   * enabled but reasoning_content is missing in assistant tool call message at index N"), as
   * kimi-k2.6 was reported to (earendil-works/pi#4251); others took "" (nanobot#2598). Reports
   * differ, so no model does by default: a test that needs it sets it.
   */
  refusesEmptyReasoning?: boolean;
  /**
   * `GET /models` gives only the id (no `context_length`, `supports_*`): the reference says
   * clients read those fields "when present".
   */
  listedBare?: boolean;
  /**
   * Fields `GET /models` leaves out of this model's entry, each alone (`["supports_image_in"]`): a
   * list that reports one medium and not the other.
   */
  unlistedFields?: readonly ListedModelField[];
}

/** The fields of a model's `GET /models` entry beside its id (see SimModel.unlistedFields). */
export type ListedModelField =
  | "context_length"
  | "supports_reasoning"
  | "supports_image_in"
  | "supports_video_in";

const KIMI_K2_5: SimModel = {
  id: "kimi-k2.5",
  surface: "moonshot",
  contextLength: 262_144,
  supportsReasoning: true,
  supportsImageIn: true,
  supportsVideoIn: true,
  // Moonshot: K2.5 thinks unless `thinking: {"type": "disabled"}` says not to.
  thinking: "optional",
  thinkingDefault: true,
  fixedTemperature: 0.6,
  fixedTemperatureThinking: 1,
  // cherry-studio#12691, DeepAudit#212 (top_p); cecli#484 (presence_penalty).
  fixedTopP: 0.95,
  fixedPenalty: 0,
  refusesThinkingKeep: true,
};

/**
 * What `GET /v1/models` lists today (the reference, mid-2026): K2.5 and the ids that came after
 * the K2 previews and kimi-k2-thinking* were retired, and Kimi Code's model. A retired id is
 * answered as the real API answers an id it does not know: 404 `resource_not_found_error`.
 */
export const CURRENT_SIM_MODELS: readonly SimModel[] = [
  KIMI_K2_5,
  // The reference names these ids only: they are given K2.5's rules, the K2.x family's (the code
  // model text only). The code model always thinks: the platform refuses it thinking disabled
  // with "invalid thinking: only type=enabled is allowed for this model" (MoonshotAI/kimi-code#797,
  // MoonshotAI/Kimi-K2#141), the reference's "some models allow only enabled".
  { ...KIMI_K2_5, id: "kimi-k2.6", refusesThinkingKeep: false },
  {
    ...KIMI_K2_5,
    id: "kimi-k2.7-code",
    refusesThinkingKeep: false,
    supportsImageIn: false,
    supportsVideoIn: false,
    thinking: "always",
  },
  {
    id: "kimi-k3",
    surface: "moonshot",
    contextLength: 1_048_576,
    supportsReasoning: true,
    supportsImageIn: true,
    supportsVideoIn: false,
    thinking: "always",
    thinkingDefault: true,
    reasoningEfforts: ["low", "high", "max"],
  },
  {
    id: "kimi-for-coding",
    surface: "kimi-code",
    contextLength: 262_144,
    supportsReasoning: true,
    supportsImageIn: false,
    supportsVideoIn: false,
    // It refuses thinking disabled: "invalid thinking: only type=enabled is allowed for this
    // model" (oh-my-pi#3853, MoonshotAI/kimi-code#797); the reference says some models do.
    thinking: "always",
    thinkingDefault: true,
  },
];

/**
 * The ids retired during 2026, with the rules they had. The built-in catalog and the seed config
 * still name them, so tests of those pass `serveRetiredModels: true` to have them answered.
 */
export const RETIRED_SIM_MODELS: readonly SimModel[] = [
  {
    id: "kimi-k2-0905-preview",
    surface: "moonshot",
    contextLength: 262_144,
    supportsReasoning: false,
    supportsImageIn: false,
    supportsVideoIn: false,
    thinking: "never",
    thinkingDefault: false,
  },
  {
    id: "kimi-k2-turbo-preview",
    surface: "moonshot",
    contextLength: 262_144,
    supportsReasoning: false,
    supportsImageIn: false,
    supportsVideoIn: false,
    thinking: "never",
    thinkingDefault: false,
  },
  {
    id: "kimi-k2-thinking",
    surface: "moonshot",
    contextLength: 262_144,
    supportsReasoning: true,
    supportsImageIn: false,
    supportsVideoIn: false,
    thinking: "always",
    thinkingDefault: true,
    fixedTemperature: 1,
  },
  {
    id: "kimi-k2-thinking-turbo",
    surface: "moonshot",
    contextLength: 262_144,
    supportsReasoning: true,
    supportsImageIn: false,
    supportsVideoIn: false,
    thinking: "always",
    thinkingDefault: true,
    fixedTemperature: 1,
  },
];

/** What a simulator serves unless told otherwise: today's models. */
export const DEFAULT_SIM_MODELS: readonly SimModel[] = CURRENT_SIM_MODELS;

/** A model's `GET /models` fields beside its id, less those it is told to leave out. */
export function listedFields(model: SimModel): Partial<Record<ListedModelField, unknown>> {
  const fields: Partial<Record<ListedModelField, unknown>> = {
    context_length: model.contextLength,
    supports_reasoning: model.supportsReasoning,
    supports_image_in: model.supportsImageIn,
    supports_video_in: model.supportsVideoIn,
  };
  for (const field of model.unlistedFields ?? []) delete fields[field];
  return fields;
}
