import {
  ConfigError,
  checkKnownOptions,
  requireModel,
  specName,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

/** `always:<model>` — every request to one model: the single-model baseline. */
export function alwaysPolicy(model: string): Policy {
  const name = specName('always', model, {});
  const decision: Decision = { type: 'model', model };
  return {
    name,
    init: ({ catalog }) => void requireModel(name, catalog, model),
    decide: () => decision,
  };
}

export const always: PolicyDefinition = {
  name: 'always',
  usage: 'always:<model>',
  factory: (options, arg) => {
    if (arg === '') throw new ConfigError('policy always: expected a model, e.g. always:gpt-4o');
    checkKnownOptions('always', options, []);
    return alwaysPolicy(arg);
  },
};
