import {
  ConfigError,
  checkKnownOptions,
  type Decision,
  type GatewayView,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

/** The gateway view, or the reason this policy cannot run without one. */
export function requireGateway(policy: string, gateway: GatewayView | undefined): GatewayView {
  if (!gateway)
    throw new ConfigError(`policy ${policy}: routes by live load, so it runs in \`routelab simulate\`, not replay`);
  return gateway;
}

/**
 * `least-busy` — LiteLLM's least-busy strategy one level up: every request to the model with the fewest
 * calls in flight or queued, over its providers, among models with a provider not cooling down (all of
 * them when none is). Ties go to the earlier model of the catalog.
 */
export function leastBusyPolicy(): Policy {
  let decisions: Decision[] = [];
  return {
    name: 'least-busy',
    init: ({ catalog }) => {
      decisions = catalog.map((c) => ({ type: 'model', model: c.model }));
    },
    decide: (_req, ctx) => {
      const gateway = requireGateway('least-busy', ctx.gateway);
      let best = -1,
        bestLoad = Infinity,
        bestAvailable = false;
      ctx.catalog.forEach((c, i) => {
        const m = gateway.model(c.model);
        if (!m) return;
        const load = m.inFlight + m.queued;
        if ((m.available && !bestAvailable) || (m.available === bestAvailable && load < bestLoad))
          [best, bestLoad, bestAvailable] = [i, load, m.available];
      });
      return decisions[Math.max(best, 0)]!;
    },
  };
}

export const leastBusy: PolicyDefinition = {
  name: 'least-busy',
  usage: 'least-busy',
  factory: (options, arg) => {
    if (arg !== '') throw new ConfigError(`policy least-busy: takes no argument, got "least-busy:${arg}"`);
    checkKnownOptions('least-busy', options, []);
    return leastBusyPolicy();
  },
};
