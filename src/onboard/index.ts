/** Onboarding: auth choices, endpoints, the config plan, and the prepare/commit flow. */
export {
  AUTH_CHOICES,
  type AuthChoice,
  BUILTIN_CHOICES,
  type BuiltinChoice,
  choiceForEndpoint,
  type EndpointId,
  isAuthChoice,
} from "./choices.js";
export { ENDPOINTS, endpointBaseUrl, endpointLabel } from "./endpoints.js";
export { applyProviderSetup, type ConfigPlan, type ProviderSetup } from "./plan.js";
export {
  type CustomProviderInput,
  commitOnboarding,
  customEnvVar,
  type OnboardRequest,
  type OnboardSummary,
  type PreparedOnboarding,
  prepareOnboarding,
  runOnboarding,
  type SecretInputMode,
} from "./prepare.js";
