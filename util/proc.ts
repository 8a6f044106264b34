import { readdir, readFile } from 'node:fs/promises';

/**
 * Resident memory of a process and all its descendants, bytes, from Linux /proc (0 where there is
 * no /proc). Chromium spreads over a browser, GPU, renderer and utility processes.
 */
export async function processTreeRss(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  let entries: string[];
  try {
    entries = (await readdir('/proc')).filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  await Promise.all(
    entries.map(async (e) => {
      try {
        const stat = await readFile(`/proc/${e}/stat`, 'utf8');
        // Fields after the parenthesised command: state ppid ... (field 24 is rss in pages).
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parent.set(Number(e), Number(rest[1]));
        rss.set(Number(e), Number(rest[21]) * 4096);
      } catch {
        // The process ended while we looked.
      }
    }),
  );
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    for (const [child, pp] of parent) if (pp === p) stack.push(child);
  }
  return total;
}

/** Is a process of this id running on this machine? (EPERM: it exists, but is not ours.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
