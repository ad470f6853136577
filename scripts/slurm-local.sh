#!/usr/bin/env bash
# Single-node SLURM (slurmctld + slurmd + munged) on localhost, for the SLURM executor's tests
# (test/unit/sweeps/slurm.test.ts starts and stops it) and for trying `peft run --executor slurm`.
# Debian packages: slurmctld slurmd slurm-client munge (listed in scripts/ci/system-deps.sh).
# Usage: slurm-local.sh install|start|stop|status|selftest|env   (state in $SLURM_CI_DIR)
# Idempotent, non-interactive; runs as root; no systemd required.
set -euo pipefail
D=${SLURM_CI_DIR:-${TMPDIR:-/tmp}/peft-slurm}          # all state/config/logs live here
CPUS=${SLURM_CI_CPUS:-$(nproc)}
MEM_MB=${SLURM_CI_MEM_MB:-$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 1024 ))}
export SLURM_CONF="$D/etc/slurm.conf"

log() { echo "[slurm-local] $*" >&2; }

install_pkgs() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
    log "packages already installed"; return; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d / no systemd: postinst will not start daemons, we start them ourselves
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
}

write_conf() {
  mkdir -p "$D"/{etc,spool/ctld,spool/d,log,run}
  if [[ "${SLURM_CI_CGROUP:-0}" == 1 ]]; then
    PROCTRACK=proctrack/cgroup; TASKPLUGIN=task/cgroup,task/affinity
    printf 'CgroupPlugin=autodetect\nConstrainCores=yes\nConstrainRAMSpace=no\n' > "$D/etc/cgroup.conf"
  else
    PROCTRACK=proctrack/linuxproc; TASKPLUGIN=task/none; rm -f "$D/etc/cgroup.conf"
  fi
  cat > "$D/etc/slurm.conf" <<CONF
ClusterName=ci
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
SlurmctldPort=${SLURM_CI_CTLD_PORT:-6817}
SlurmdPort=${SLURM_CI_D_PORT:-6818}
StateSaveLocation=$D/spool/ctld
SlurmdSpoolDir=$D/spool/d
SlurmctldPidFile=$D/run/slurmctld.pid
SlurmdPidFile=$D/run/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# default: no cgroups (works inside containers/VMs without a delegated cgroup tree);
# SLURM_CI_CGROUP=1 switches to proctrack/cgroup + task/cgroup (needs writable cgroup fs)
ProctrackType=$PROCTRACK
TaskPlugin=$TASKPLUGIN
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
# no slurmdbd: completed jobs are appended to a text file
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$D/log/jobcomp.txt
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MinJobAge=300
DependencyParameters=kill_invalid_depend
KillWait=5
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=30
MaxArraySize=10001
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS Sockets=1 CoresPerSocket=$CPUS ThreadsPerCore=1 RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
}

# pid file exists, process alive AND is the expected daemon (guards against PID reuse of a stale pid file)
pid_alive() { local f=$1 want=${2:-}; [[ -f "$f" ]] || return 1; local p; p=$(cat "$f"); kill -0 "$p" 2>/dev/null || return 1
  [[ -z "$want" ]] || [[ "$(cat /proc/$p/comm 2>/dev/null)" == "$want" ]]; }

start_munge() {
  local MP=/run/munge/munged.pid
  if pid_alive "$MP" munged; then log "munged already running (pid $(cat $MP))"; return; fi
  if [[ ! -s /etc/munge/munge.key ]]; then
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key --force; else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
  fi
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
  chown munge:munge /etc/munge /etc/munge/munge.key; chmod 0700 /etc/munge; chmod 0600 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n </dev/null | unmunge >/dev/null
  log "munged up (pid $(cat $MP))"
}

start_slurm() {
  write_conf
  if pid_alive "$D/run/slurmctld.pid" slurmctld; then log "slurmctld already running"; else
    # -c: clear saved job state (fresh queue on every start; job ids are NOT reset, key outputs by your own run id)
    if [[ -n "${SLURM_CI_KEEP_STATE:-}" ]]; then /usr/sbin/slurmctld -f "$SLURM_CONF"; else /usr/sbin/slurmctld -f "$SLURM_CONF" -c; fi
  fi
  if pid_alive "$D/run/slurmd.pid" slurmd; then log "slurmd already running"; else
    /usr/sbin/slurmd -f "$SLURM_CONF" -N localhost
  fi
  # wait until node is idle
  for i in $(seq 120); do
    st=$(sinfo -h -N -n localhost -o '%t' 2>/dev/null || true)
    [[ "$st" == idle* || "$st" == mix* || "$st" == alloc* ]] && break
    sleep 0.25
  done
  # readiness probe: a real step round-trip (sinfo can still show a stale 'idle' just after a slurmd restart)
  if timeout 60 srun --quiet -n1 -t 1 true; then log "ready (node $st)"; return; fi
  log "cluster not ready"; sinfo -N -l || true; tail -20 "$D/log/slurmctld.log" "$D/log/slurmd.log" >&2; return 1
}

selftest() {
  local out="$D/selftest"; rm -rf "$out"; mkdir -p "$out"; cd "$out"
  local j a c
  j=$(sbatch --parsable --wait -o "$out/hi-%j.out" --wrap 'echo hi')           # --wait: blocks until done, rc = job rc
  grep -qx hi "$out/hi-$j.out"
  a=$(sbatch --parsable --wait --array=0-3 -o "$out/arr-%A_%a.out" --wrap 'echo task $SLURM_ARRAY_TASK_ID')
  for t in 0 1 2 3; do grep -qx "task $t" "$out/arr-${a}_$t.out"; done
  c=$(sbatch --parsable -o "$out/long-%j.out" --wrap 'sleep 600')
  scancel "$c"
  for _ in $(seq 50); do [[ "$(squeue -h -j "$c" -t all -o %T)" == CANCELLED ]] && break; sleep 0.2; done
  [[ "$(squeue -h -j "$c" -t all -o %T)" == CANCELLED ]]
  log "selftest ok: job $j, array $a (4 tasks), cancelled $c"
}

stop_all() {
  # cancel every job first (all users) so slurmstepd and job processes exit
  if pid_alive "$D/run/slurmctld.pid" slurmctld; then squeue -h -o %A 2>/dev/null | sort -u | xargs -r scancel --full 2>/dev/null || true; fi
  local pf name
  for pf in "$D/run/slurmd.pid:slurmd" "$D/run/slurmctld.pid:slurmctld" "/run/munge/munged.pid:munged"; do
    name=${pf##*:}; pf=${pf%:*}
    if pid_alive "$pf" "$name"; then
      p=$(cat "$pf"); kill -TERM "$p"
      for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$p" 2>/dev/null && { log "pid $p did not exit, SIGKILL"; kill -KILL "$p"; }
      log "stopped $pf ($p)"
    fi
  done
}

case "${1:-}" in
  install) install_pkgs ;;
  start) install_pkgs; start_munge; start_slurm ;;
  stop) stop_all ;;
  status) sinfo -N -l; squeue ;;
  selftest) selftest ;;
  env) echo "export SLURM_CONF=$SLURM_CONF" ;;
  *) echo "usage: $0 install|start|stop|status|selftest|env" >&2; exit 2 ;;
esac
