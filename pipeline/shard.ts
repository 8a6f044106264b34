import { UserError } from '../util/errors';

export interface Shard {
  index: number;
  count: number;
}

/**
 * Which shard this process makes: --shard i/n wins; else a Kubernetes Indexed Job
 * (JOB_COMPLETION_INDEX, with the count in SIM_SHARD_COUNT) or a Slurm array
 * (SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN, with SLURM_ARRAY_TASK_COUNT); else 0/1.
 */
export function resolveShard(flag: Shard | undefined, env: NodeJS.ProcessEnv = process.env): Shard {
  if (flag) return flag;
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    return checked(
      Number(env.JOB_COMPLETION_INDEX),
      Number(env.SIM_SHARD_COUNT),
      'JOB_COMPLETION_INDEX',
      'SIM_SHARD_COUNT',
    );
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const min = Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
    return checked(
      Number(env.SLURM_ARRAY_TASK_ID) - min,
      Number(env.SLURM_ARRAY_TASK_COUNT),
      'SLURM_ARRAY_TASK_ID',
      'SLURM_ARRAY_TASK_COUNT',
    );
  }
  return { index: 0, count: 1 };
}

function checked(index: number, count: number, indexVar: string, countVar: string): Shard {
  if (!Number.isInteger(count) || count < 1)
    throw new UserError(`${indexVar} is set but ${countVar} is not a positive integer`);
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new UserError(`${indexVar} gives shard ${index}, outside 0..${count - 1}`);
  return { index, count };
}

/** Scene indices of a shard: i, i + n, i + 2n, … below the total. */
export function shardScenes(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < total; i += shard.count) out.push(i);
  return out;
}
