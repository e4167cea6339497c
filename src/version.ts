/** Kept in step with package.json by a test. */
export const PACKAGE_NAME = "openclaw-kimi";
/** Kept in step with package.json by a test. */
export const VERSION = "0.1.0";
