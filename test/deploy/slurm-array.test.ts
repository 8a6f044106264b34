import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, SIM_BIN } from '../helpers/cli';
import { treeHashes } from '../helpers/tree';

/**
 * deploy/slurm-array.sh on a real Slurm: scripts/slurm-local.sh starts a one-node cluster in a
 * temporary folder, the batch script runs as an array of 3 tasks over one dataset folder, one task
 * is cancelled mid-run and requeued, and every file the array made has the bytes of a
 * single-process `sim generate`. Skipped, with the reason, where Slurm cannot be installed or the
 * test does not run as root (slurmd starts jobs as their users).
 */
const SCRIPT = fileURLToPath(new URL('../../scripts/slurm-local.sh', import.meta.url));
const BATCH = fileURLToPath(new URL('../../deploy/slurm-array.sh', import.meta.url));
const SCENES = 6;
/** Small and quick, with every kind of scene (walks of 8 frames rather than 32). */
const CONFIG = 'image: { width: 64, height: 64 }\nframes: 2\nwalkthrough: { frames: 8 }\n';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let root: string;
let cluster: string;
let started = false;
/** For sbatch, squeue, scancel and scontrol: the cluster's config. */
let slurm: NodeJS.ProcessEnv;

async function slurmOk(command: string, ...args: string[]): Promise<string> {
  const r = await sh(command, args, slurm);
  expect(r.code, `${command} ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** A job's fields as `scontrol show job` prints them (for an array task, its own record). */
async function jobFields(job: string): Promise<Record<string, string>> {
  const text = await slurmOk('scontrol', 'show', 'job', '--oneliner', job);
  return Object.fromEntries(
    text
      .trim()
      .split(/\s+/)
      .map((kv) => kv.split(/=(.*)/s).slice(0, 2)),
  );
}

async function until(what: string, test: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sim-slurm-test-'));
  // munged wants every folder above its socket searchable by all.
  await chmod(root, 0o755);
  cluster = join(root, 'cluster');
  slurm = { SLURM_CONF: join(cluster, 'slurm.conf') };
});

afterAll(async () => {
  if (started) {
    const r = await sh('bash', [SCRIPT, 'stop', cluster]);
    expect(r.code, r.stderr).toBe(0);
  }
  await rm(root, { recursive: true, force: true });
}, 60_000);

it('runs deploy/slurm-array.sh as 3 tasks, survives a cancelled and requeued task, and makes the same bytes', async (ctx) => {
  const skip = (reason: string) => {
    console.warn(`skipped: ${reason}`);
    ctx.skip(reason);
  };
  if (process.getuid?.() !== 0) skip('scripts/slurm-local.sh needs root (slurmd starts jobs as their users)');
  const install = await sh('bash', [SCRIPT, 'install']);
  if (install.code === 3) skip(`Slurm cannot be installed here: ${install.stderr.trim()}`);
  expect(install.code, install.stderr).toBe(0);
  const start = await sh('bash', [SCRIPT, 'start', cluster]);
  started = true;
  expect(start.code, start.stderr).toBe(0);
  expect(start.stdout).toContain(`export SLURM_CONF=${slurm.SLURM_CONF}`);

  const config = join(root, 'config.yaml');
  await writeFile(config, CONFIG);
  const array = join(root, 'array');
  const logs = join(root, 'logs');
  await mkdir(logs);
  // As docs/cluster.md runs it on one machine: 1 CPU a task, so two run at once on two cores.
  const env = {
    SCENES: String(SCENES),
    OUT: array,
    CONFIG: config,
    SEED: '0',
    SIM: `${process.execPath} ${SIM_BIN}`,
  };
  const submitted = await sh(
    'sbatch',
    ['--parsable', '--array=0-2', '--cpus-per-task=1', '--mem=1G', `--output=${logs}/%A_%a.log`, BATCH],
    { ...slurm, ...env },
  );
  expect(submitted.code, submitted.stderr).toBe(0);
  const id = submitted.stdout.trim().split(';')[0];

  // Task 1 makes scenes 1 and 4: cancel it once it has started on scene 1, then requeue it.
  await until('task 1 to start a scene', () => exists(join(array, 'scenes', '000001')), 120_000);
  await slurmOk('scancel', `${id}_1`);
  await until(
    'task 1 to be cancelled',
    async () => (await jobFields(`${id}_1`)).JobState === 'CANCELLED',
    30_000,
  );
  await slurmOk('scontrol', 'requeue', `${id}_1`);
  // Slurm holds a requeued job back for a while; let it start now.
  await slurmOk('scontrol', 'update', `JobId=${id}_1`, 'StartTime=now');

  await until(
    'the array to finish',
    async () => (await slurmOk('squeue', '--noheader', `--jobs=${id}`)).trim() === '',
    150_000,
  );
  for (const task of [0, 1, 2]) {
    const fields = await jobFields(`${id}_${task}`);
    expect([task, fields.JobState, fields.ExitCode]).toEqual([task, 'COMPLETED', '0:0']);
  }
  expect((await jobFields(`${id}_1`)).Restarts).toBe('1');

  const single = join(root, 'single');
  const r = await runCli(
    [
      'generate',
      '--scenes',
      String(SCENES),
      '--out',
      single,
      '--seed',
      '0',
      '--workers',
      '1',
      '--config',
      config,
    ],
    { timeoutMs: 150_000 },
  );
  expect(r.code, r.stderr).toBe(0);
  const made = await treeHashes(array);
  expect(Object.keys(made)).toContain('qa.jsonl');
  expect(made).toEqual(await treeHashes(single));
}, 300_000);
