#!/bin/bash
# One long run that outlives its job: checkpoints every 30 minutes and when the job is about to
# end, requeues itself and resumes in the next leg. Every leg exits 0, so `afterok` dependencies
# on the job hold.
#SBATCH --job-name=aidivide-long
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=16
#SBATCH --mem=8G
#SBATCH --time=02:00:00
#SBATCH --signal=B:USR1@300          # USR1 to this script five minutes before the limit
#SBATCH --requeue
#SBATCH --open-mode=append           # every leg's messages in one log
set -uo pipefail
scenario=${SCENARIO:-scenarios/big.yaml}
out=${OUT:-${SCRATCH:-$PWD}/big.h5}

# The run is a child of this shell, not in the foreground: a trap runs as soon as the signal
# arrives, where the shell would otherwise wait for the child first.
if [ -e "$out.ckpt" ]; then
  aidivide resume "$out.ckpt" --quiet &
else
  aidivide run "$scenario" -o "$out" --checkpoint-every 30m --quiet &
fi
pid=$!
stopping=0
# Slurm's USR1 warning (or its TERM at the limit): the run stops after the tick in progress and
# writes a last checkpoint (exit 143); then the job goes back to the queue.
stop() {
  [ "$stopping" = 1 ] && return
  stopping=1
  kill -TERM "$pid" 2>/dev/null
}
trap stop USR1 TERM
status=0
while :; do
  wait "$pid"
  status=$?
  kill -0 "$pid" 2>/dev/null || break  # a trap interrupted the wait, not the end of the run
done
if [ "$status" -eq 143 ] && [ -e "$out.ckpt" ]; then
  echo "long-run: stopped with a checkpoint; requeued to resume" >&2
  scontrol requeue "$SLURM_JOB_ID"
  exit 0
fi
exit "$status"
