/**
 * What a provider base URL holds that a request could not carry, said for the config check and
 * for onboarding's --custom-base-url: a `#fragment` never leaves the client, so a parameter
 * written there would silently not reach the provider. Pure.
 */
export interface BaseUrlProblem {
  message: string;
  hint: string;
}

export function baseUrlProblem(url: URL): BaseUrlProblem | undefined {
  if (url.hash === "") return undefined;
  return {
    message: "a #fragment in the URL is never sent to the provider",
    hint: "remove the # and what follows it; a parameter the provider needs goes in the query (?name=value)",
  };
}
