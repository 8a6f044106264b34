import { spawn, spawnSync } from 'node:child_process';

/**
 * Debian's Python 3 (/usr/bin/python3, not whatever `python3` is first on PATH, which may be a
 * build without Debian's packages), for the tests that run exported Python code: CI installs
 * python3-numpy and python3-pil for it (.ci/run).
 */
export const PYTHON = '/usr/bin/python3';

/**
 * Why the tests cannot run Python code with these modules here, or null when they can. In CI a
 * missing module is a failure, not a reason to skip.
 */
export function pythonMissing(modules: readonly string[]): string | null {
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  if (r.status === 0) return null;
  const reason = `${PYTHON} cannot import ${modules.join(', ')} (apt-get install python3-numpy python3-pil): ${(r.stderr || String(r.error)).trim().split('\n').at(-1)}`;
  if (process.env.CI) throw new Error(reason);
  return reason;
}

/** Runs a Python script, resolving with its stdout; rejects with its stderr on a non-zero exit. */
export function runPython(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // No __pycache__ left in the folders whose bytes the tests compare.
    const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
    const child = spawn(PYTHON, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${script}: exit ${code}\n${stderr}`)),
    );
  });
}
