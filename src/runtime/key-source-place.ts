/**
 * Where a provider's key source is written in the config, as `file:line`, for the error a
 * request without a usable key gets: the docs' placeholder pasted into the `env` block is fixed
 * at that line, which `config validate` names too. A variable the shell sets (it wins over the
 * `env` block) and a config given as an object have no line to point at.
 */
import type { KeySource } from "../catalog/types.js";
import {
  CONFIG_OBJECT_PATH,
  configValueLocator,
  type LoadedConfig,
  type PathSegment,
  parsePath,
} from "../config/index.js";

/**
 * For the config `loaded`, a function giving the `file:line` where a key source is written (a
 * config path, or a variable of the config's `env` block); undefined for any other source, and
 * always for a config given as an object or a file not there.
 */
export function keySourcePlacer(loaded: LoadedConfig): (source: KeySource) => string | undefined {
  if (loaded.path === CONFIG_OBJECT_PATH || !loaded.exists) return () => undefined;
  const locate = configValueLocator(loaded.path);
  return (source) => {
    let path: PathSegment[];
    if (source.kind === "env" && source.fromEnvBlock) path = ["env", source.variable];
    else if (source.kind === "config") path = parsePath(source.path);
    else return undefined;
    const origin = locate(path);
    return origin?.line ? `${origin.file}:${origin.line}` : undefined;
  };
}
