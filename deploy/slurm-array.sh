#!/usr/bin/env bash
# One shard of `sim generate` per array task, all tasks writing into one dataset folder on a shared
# filesystem. Slurm sets SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT; `sim`
# reads them. A requeued or rerun task resumes its shard; the task that commits the last scene
# finalizes the dataset. See docs/cluster.md.
#
#   SCENES=1000000 OUT=/shared/roomsim-1m sbatch --array=0-99 deploy/slurm-array.sh
#
#SBATCH --job-name=roomsim
#SBATCH --array=0-99
#SBATCH --cpus-per-task=2
#SBATCH --mem=6G
#SBATCH --time=12:00:00
#SBATCH --requeue
#SBATCH --output=roomsim-%A_%a.log
set -euo pipefail

: "${SCENES:=1000000}"
: "${OUT:?set OUT to a folder on a filesystem every node sees}"
: "${SEED:=0}"
: "${SIM:=npx --no-install sim}"   # or the absolute path of bin/sim.js, or `docker run ... roomsim`
CONFIG_FLAG=()
if [ -n "${CONFIG:-}" ]; then CONFIG_FLAG=(--config "$CONFIG"); fi

# shellcheck disable=SC2086
exec $SIM generate --scenes "$SCENES" --out "$OUT" --seed "$SEED" --workers 1 "${CONFIG_FLAG[@]}"
