#!/bin/bash
# Submits the shards (array.sh, or hybrid.sh with HYBRID=1) and the merge once every task has
# ended: `afterany`, so that a failed shard does not cancel the merge of the others; resubmit
# the failed index (`sbatch --array=K array.sh`) and merge again to fill the gap.
set -euo pipefail
here=$(dirname "$0")
script=$here/array.sh
if [ "${HYBRID:-0}" = 1 ]; then script=$here/hybrid.sh; fi
array=$(sbatch --parsable "$@" "$script")
sbatch --parsable --dependency="afterany:${array%%;*}" "$here/merge.sh"
