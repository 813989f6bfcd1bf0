#!/usr/bin/env node
// The CLI and user policy files are TypeScript; tsx compiles them on the fly so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/commands/main.ts');
