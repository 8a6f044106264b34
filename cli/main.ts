import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { InterruptedError, UserError } from '../util/errors';
import { registerCommands } from './commands';

/**
 * The `sim` CLI. Each subcommand is a thin action that loads its module lazily (so `--help` stays
 * fast), and every user error ends as one line on stderr with a non-zero exit code.
 */
export function createProgram(): Command {
  const program = new Command('sim')
    .description('Synthetic 3D rooms, exact ground truth and spatial questions for vision-language models')
    .version(process.env.SIM_VERSION ?? '0.1.0')
    // Usage errors are printed once, as one line, by reportError below.
    .configureOutput({ outputError: () => undefined })
    .exitOverride();
  registerCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // Output piped into a reader that stops early (`sim catalog | head`) ends the command quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const program = createProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version exit through here with code 0.
    if (err.exitCode === 0) return 0;
    process.stderr.write(`sim: ${err.message.replace(/^error: /, '')} (see --help)\n`);
    return 2;
  }
  if (err instanceof InterruptedError) {
    process.stderr.write(`sim: ${err.message}\n`);
    return 130;
  }
  if (err instanceof UserError || err instanceof InvalidArgumentError) {
    process.stderr.write(`sim: ${err.message}\n`);
    return 2;
  }
  if (err && typeof err === 'object' && 'name' in err && (err as Error).name === 'PlacementError') {
    process.stderr.write(`sim: ${(err as Error).message}\n`);
    return 2;
  }
  process.stderr.write(
    `sim: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  return 1;
}
