import { ConfigError } from '../core/errors.ts';
import type { Policy, PolicyFactory } from './types.ts';
import type { PolicySpec } from './spec.ts';

/** A named policy factory with a one-line usage shown in errors and `--help`. */
export interface PolicyDefinition {
  readonly name: string;
  /** Spec template, e.g. `always:<model>`. */
  readonly usage: string;
  readonly factory: PolicyFactory;
}

/** Policy factories by name. Registering a name twice is refused, so a spec always means one thing. */
export class PolicyRegistry {
  private readonly byName = new Map<string, PolicyDefinition>();

  constructor(definitions: readonly PolicyDefinition[] = []) {
    for (const d of definitions) this.register(d);
  }

  register(definition: PolicyDefinition): this {
    const existing = this.byName.get(definition.name);
    if (existing) {
      throw new ConfigError(
        `policy registry: "${definition.name}" is already registered (${existing.usage}); give the new policy ` +
          `another name`,
      );
    }
    this.byName.set(definition.name, definition);
    return this;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): PolicyDefinition | undefined {
    return this.byName.get(name);
  }

  /** Every registered definition, in registration order. */
  list(): readonly PolicyDefinition[] {
    return [...this.byName.values()];
  }

  /** Builds the policy a built-in spec names; ConfigError listing the known names when it is unknown. */
  async create(spec: PolicySpec): Promise<Policy> {
    const d = this.byName.get(spec.name);
    if (!d) {
      const known = this.list()
        .map((x) => x.usage)
        .join(', ');
      throw new ConfigError(
        `policy spec "${spec.source}": unknown policy "${spec.name}"; known policies: ${known}, or a path to a ` +
          `.ts/.js file`,
      );
    }
    return d.factory(spec.options, spec.arg);
  }
}
