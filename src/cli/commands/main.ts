/**
 * The `routelab` command. The only place that prints or exits.
 * Exit codes: 0 ok, 1 bad input (trace, policy, model file), 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError, LabError } from '../../core/errors.ts';
import { commands } from './index.ts';
import { VERSION } from '../../core/version.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('routelab')
    .description('Offline routing simulator and policy-evaluation lab for LLM traffic')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const register of commands) register(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    // A command that finished but found a problem (e.g. one policy's run failed) sets the exit code itself.
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version "errors" are normal exits.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`routelab: ${err.message}\n`);
      return 2;
    }
    if (err instanceof LabError) {
      process.stderr.write(`routelab: ${err.message}\n`);
      const problems = (err as { problems?: readonly string[] }).problems;
      if (problems && problems.length > 1) {
        for (const p of problems.slice(1)) process.stderr.write(`  also: ${p}\n`);
      }
      return 1;
    }
    return unexpected(err);
  }
}

/**
 * Anything that is not a LabError, said in one line (no stack trace, ever): a file system refusal names
 * its path, anything else is our bug, whose stack ROUTELAB_DEBUG=1 shows.
 */
function unexpected(err: unknown): number {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && typeof e.syscall === 'string') {
    process.stderr.write(`routelab: ${e.path ?? ''}: cannot ${e.syscall} (${e.code}): ${e.message}\n`);
    return 1;
  }
  const detail = process.env.ROUTELAB_DEBUG ? (e?.stack ?? String(err)) : (e?.message ?? String(err));
  process.stderr.write(
    `routelab: unexpected error: ${detail}\n` +
      `  this is a routelab bug; please report it (ROUTELAB_DEBUG=1 shows where it happened)\n`,
  );
  return 1;
}

// A reader that stops early (`routelab validate … | head`) closes the pipe. That only means nobody reads the
// rest: the command still finishes (files, a report being swapped in) and exits with its own code, quietly.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

process.exitCode = await main(process.argv.slice(2));
