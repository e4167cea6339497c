/**
 * Module loader hooks (registered with `module.register`, run on Node's hooks thread) that read
 * each ES module's source synchronously. Node's own loader reads a module graph's files
 * concurrently: it opens every file it has found before it reads the first, so the gateway's
 * ~230 modules had up to 95 files open at once at start, and under a low open-files limit a
 * command failed with EMFILE on whichever module came last. Read here, one file is open at a
 * time. Registered by modules-one-at-a-time.ts.
 */
import { readFileSync } from "node:fs";
import type { LoadHook } from "node:module";
import { fileURLToPath } from "node:url";

export const load: LoadHook = (url, context, nextLoad) => {
  if (context.format === "module" && url.startsWith("file:")) {
    return { format: "module", source: readFileSync(fileURLToPath(url)), shortCircuit: true };
  }
  // CommonJS, JSON and built-ins: Node reads those synchronously already.
  return nextLoad(url, context);
};
