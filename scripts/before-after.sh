#!/usr/bin/env bash
# Times two builds of kanbao and ripgrep in the same hyperfine call, row by row, and prints the
# medians and the ratios to ripgrep: how a change is measured on a shared, noisy machine.
#
#   scripts/before-after.sh BEFORE AFTER 'LABEL|CACHE|LIBRARY|KANBAO ARGS|RG ARGS' ...
#
# BEFORE and AFTER are kanbao binaries (e.g. a release build of an older commit in a worktree,
# and target/release/kanbao). Each row runs `BIN -L LIBRARY KANBAO ARGS` with
# XDG_CACHE_HOME=CACHE (so an index built there is used), and `rg RG ARGS LIBRARY` when RG ARGS
# is not empty. Example:
#
#   scripts/before-after.sh /tmp/old/kanbao target/release/kanbao \
#     'common word|/tmp/c|/tmp/archive|search 群众 --json|-F -c 群众' \
#     'list|/tmp/c|/tmp/feeds|list|'
#
# Environment: RUNS=10 timed runs per command (after 2 warm-up runs). Needs hyperfine and
# python3 (for reading hyperfine's JSON).
set -euo pipefail

if [[ $# -lt 3 ]]; then
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
BEFORE=$1
AFTER=$2
shift 2
RUNS=${RUNS:-10}
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
for row in "$@"; do
    IFS='|' read -r label cache library args rgargs <<<"$row"
    commands=("$BEFORE -L $library $args" "$AFTER -L $library $args")
    if [[ -n $rgargs ]]; then
        commands+=("rg $rgargs $library")
    fi
    XDG_CACHE_HOME=$cache hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT" \
        "${commands[@]}" >/dev/null
    python3 - "$label" "$OUT" <<'PY'
import json, sys
medians = [r["median"] * 1000 for r in json.load(open(sys.argv[2]))["results"]]
line = f"{sys.argv[1]}: before {medians[0]:.1f} ms, after {medians[1]:.1f} ms"
if len(medians) > 2:
    rg = medians[2]
    line += f", rg {rg:.1f} ms, after/rg {medians[1] / rg:.2f}x, before/rg {medians[0] / rg:.2f}x"
print(line)
PY
done
