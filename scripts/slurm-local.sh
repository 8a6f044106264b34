#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for trying deploy/slurm-array.sh without a cluster
# (docs/cluster.md) and for its test (test/deploy/slurm-array.test.ts). Debian or Ubuntu, as root.
#
#   scripts/slurm-local.sh install      apt-get install slurm-wlm and munge when they are missing
#   scripts/slurm-local.sh start DIR    install, then write DIR/slurm.conf and a munge key, start
#                                       munged, slurmctld and slurmd, wait for the node; prints
#                                       `export SLURM_CONF=DIR/slurm.conf` for sbatch and friends
#   scripts/slurm-local.sh stop DIR     cancel the cluster's jobs, stop its daemons by PID
#
# Everything it starts lives in DIR: config, key, sockets, PID files, state, spool and logs. No
# system file is changed and no system service started (installing the packages may start their
# own services, which `stop` leaves alone). SLURMCTLD_PORT and SLURMD_PORT change the ports from
# 6817 and 6818. Exit status 3: Slurm cannot be installed here.
set -euo pipefail

usage() { echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2; }
die() { echo "slurm-local: $*" >&2; exit 1; }

install() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
    && command -v sbatch >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then echo "slurm-local: installing Slurm needs root" >&2; exit 3; fi
  if ! command -v apt-get >/dev/null; then echo "slurm-local: no apt-get to install slurm-wlm and munge" >&2; exit 3; fi
  echo "slurm-local: installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; }; then
    echo "slurm-local: apt-get could not install slurm-wlm and munge" >&2
    exit 3
  fi
}

# The PID in a daemon's PID file, if that process is alive.
alive() { local pid; pid=$(cat "$1" 2>/dev/null) && kill -0 "$pid" 2>/dev/null && echo "$pid"; }

start() {
  local dir=$1
  [ "$(id -u)" -eq 0 ] || die "start needs root (slurmd starts jobs as their users)"
  install
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -z "$(alive "$dir/run/slurmctld.pid")" ] || die "a cluster already runs from $dir"
  # munged wants its socket's folders searchable by all and its key private.
  mkdir -p "$dir/run" "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
  chmod 755 "$dir" "$dir/run"
  chmod 700 "$dir/munge"
  [ -f "$dir/munge/munge.key" ] || dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
  munged --key-file="$dir/munge/munge.key" --socket="$dir/run/munge.socket" \
    --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"

  # The node as slurmd measures it (its CPUs, sockets, cores and memory), under this host's name.
  local host node
  host=$(hostname -s)
  node=$(slurmd -C | sed -n 1p)
  cat >"$dir/slurm.conf" <<EOF
# A one-node cluster written by scripts/slurm-local.sh; everything it writes is under $dir.
ClusterName=roomsim-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${SLURMCTLD_PORT:-6817}
SlurmdPort=${SLURMD_PORT:-6818}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/run/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# No cgroups, which containers and laptops often lack: processes tracked by parent PID, tasks unbound.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
JobRequeue=1
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$dir/slurm.conf
  slurmctld -f "$SLURM_CONF" -c
  slurmd -f "$SLURM_CONF"
  local state=""
  for _ in $(seq 1 60); do
    state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
    case $state in idle | mixed | allocated) echo "export SLURM_CONF=$SLURM_CONF"; return 0 ;; esac
    sleep 0.5
  done
  stop "$dir"
  die "the node did not come up (state '${state}'); see $dir/log"
}

stop() {
  local dir pid
  dir=$(cd "$1" && pwd)
  export SLURM_CONF=$dir/slurm.conf
  if [ -n "$(alive "$dir/run/slurmctld.pid")" ]; then
    # Every job of this cluster, whoever submitted it; their steps end before slurmd goes, so no
    # job outlives the cluster.
    local jobs
    jobs=$(squeue -h -o %A 2>/dev/null | sort -u || true)
    if [ -n "$jobs" ]; then
      # shellcheck disable=SC2086
      scancel $jobs 2>/dev/null || true
    fi
    for _ in $(seq 1 40); do
      [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.25
    done
  fi
  for daemon in slurmd slurmctld munged; do
    pid=$(alive "$dir/run/$daemon.pid") || continue
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  done
}

case ${1:-} in
  install) [ $# -eq 1 ] || usage; install ;;
  start) [ $# -eq 2 ] || usage; start "$2" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  *) usage ;;
esac
