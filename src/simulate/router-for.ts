import type { ProviderRouting } from './deployment-schema.ts';
import { liteLlmRouter } from './litellm-routing.ts';
import { openRouterRouter } from './openrouter-routing.ts';
import type { ProviderRouter } from './route-context.ts';

/** The provider router a deployment's `gateway.providerRouting` names. */
export function routerFor(routing: ProviderRouting): ProviderRouter {
  return routing.type === 'openrouter' ? openRouterRouter(routing) : liteLlmRouter(routing);
}
