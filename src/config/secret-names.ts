/** Which config keys hold credentials, by name: what is masked when a value is shown. */
const SECRET_KEY = /(api[-_]?key|token|secret|password|authorization|cookie)$/i;

/** `apiKey`, `token`, `MOONSHOT_API_KEY`, `Authorization`, … */
export function isSecretKeyName(name: string): boolean {
  return SECRET_KEY.test(name) || /_KEY$/.test(name);
}
