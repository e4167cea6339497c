import type { Command } from "commander";
import { registerAgent } from "./agent.js";
import { registerChat } from "./chat.js";
import { registerConfig } from "./config.js";
import { registerDoctor } from "./doctor.js";
import { registerGateway } from "./gateway.js";
import { registerModels } from "./models.js";
import { registerOnboard } from "./onboard.js";
import { registerUsage } from "./usage.js";

/**
 * Every top-level command registers itself here. Command files stay thin: they parse options
 * and call the library, and import heavy modules (undici, better-sqlite3, prompts) lazily inside
 * their actions so that `openclaw --version` and `models list` start fast.
 */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerAgent,
  registerChat,
  registerConfig,
  registerDoctor,
  registerGateway,
  registerModels,
  registerOnboard,
  registerUsage,
];
