import { type Command, InvalidArgumentError, Option } from 'commander';

/**
 * How every subcommand declares its options: a table typed by the options object its action
 * receives, so every field has exactly one flag (checked when the command is built), and the
 * parsers, each throwing a one-line error naming the flag's value.
 */

export interface OptionSpec {
  flags: string;
  description: string;
  parse?: (value: string) => unknown;
  default?: unknown;
  choices?: readonly string[];
  required?: boolean;
}

export type OptionTable<T> = { [K in keyof Required<T>]: OptionSpec };

export function addOptions<T>(command: Command, table: OptionTable<T>): Command {
  for (const [key, spec] of Object.entries(table) as [string, OptionSpec][]) {
    const option = new Option(spec.flags, spec.description);
    if (option.attributeName() !== key) throw new Error(`option table: ${spec.flags} does not fill "${key}"`);
    if (spec.parse) option.argParser(spec.parse);
    if (spec.choices) option.choices(spec.choices);
    if (spec.default !== undefined) option.default(spec.default);
    if (spec.required) option.makeOptionMandatory();
    command.addOption(option);
  }
  return command;
}

export function int(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
      throw new InvalidArgumentError(`"${value}" is not an integer`);
    if (n < min || n > max) throw new InvalidArgumentError(`${n} is outside ${min}..${max}`);
    return n;
  };
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive number`);
  return n;
}

/** "i/n" with 0 ≤ i < n. */
export function shard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`"${value}" is not of the form i/n`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new InvalidArgumentError(`shard ${value}: need 0 <= i < n`);
  return { index, count };
}

export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
