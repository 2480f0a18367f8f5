#!/usr/bin/env bash
# Times `kanbao search` against `rg -F -c` (`rg -F -i -c` where kanbao ignores case) on the same
# generated archive, warm page cache for both, and prints the ratios: first by the scan
# (`--scan`), then through the search index (built here with `kanbao index`, timed once, in a
# cache folder of its own so the user's is left alone).
#
#   scripts/compare-rg.sh [DIR]
#
# DIR (default: $TMPDIR/kanbao-archive-$EDITIONS) is generated with the make-library example
# unless it already holds that many editions. Environment:
#   EDITIONS=3650   editions in the archive (ten years of a daily)
#   RUNS=10         timed runs per command (after 3 warm-up runs)
#   RARE=...        the rare phrase (default: the first phrase the generator planted)
#   LATIN=...       a rare English phrase, searched without case by both (default: the second)
#   COMMON=群众     the common word
#   FEEDS=1         also a generated feed library (FEED_DAYS=114 files; FEEDS=0 leaves it out)
# Uses hyperfine when installed (medians), else a loop timed with `date +%s%N` (medians).
# Skips ripgrep with a message when `rg` is not installed.
set -euo pipefail

EDITIONS=${EDITIONS:-3650}
RUNS=${RUNS:-10}
COMMON=${COMMON:-群众}
DIR=${1:-${TMPDIR:-/tmp}/kanbao-archive-$EDITIONS}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

echo "== building kanbao (release)"
(cd "$ROOT" && cargo build --quiet --release --bin kanbao --example make-library)
KANBAO=$TARGET/release/kanbao

count_editions() { find "$1" -name '*.md' -type f 2>/dev/null | wc -l | tr -d ' '; }
if [[ ! -f $DIR/.planted || $(count_editions "$DIR") -ne $EDITIONS ]]; then
    echo "== generating $EDITIONS editions in $DIR"
    rm -rf "$DIR"
    "$TARGET/release/examples/make-library" --editions "$EDITIONS" --out "$DIR" | tee "$DIR.log"
    grep '^planted' "$DIR.log" > "$DIR/.planted"
    rm -f "$DIR.log"
else
    echo "== reusing $DIR ($EDITIONS editions)"
fi
RARE=${RARE:-$(sed -n "1s/^planted '\(.*\)' in .*/\1/p" "$DIR/.planted")}
# The planted English phrase, asked for in lower case (the archive has it in mixed case).
LATIN=${LATIN:-$(sed -n "2s/^planted '\(.*\)' in .*/\1/p" "$DIR/.planted" | tr '[:upper:]' '[:lower:]')}
MB=$(du -sm "$DIR" | cut -f1)

echo "== warming the page cache ($MB MB)"
find "$DIR" -type f -exec cat {} + > /dev/null

# One argument in POSIX single quotes (hyperfine splits commands the way a shell would).
quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# Median wall time of a command, in milliseconds.
median_ms() {
    if command -v hyperfine > /dev/null; then
        local csv command="" arg
        for arg in "$@"; do command+="$(quote "$arg") "; done
        csv=$(mktemp)
        hyperfine --shell=none --warmup 3 --runs "$RUNS" --style none --export-csv "$csv" \
            -- "$command" > /dev/null
        awk -F, 'NR == 2 { printf "%.1f\n", $4 * 1000 }' "$csv"
        rm -f "$csv"
    else
        local times=() start end i
        for i in 1 2 3; do "$@" > /dev/null 2>&1 || true; done
        for ((i = 0; i < RUNS; i++)); do
            start=$(date +%s%N)
            "$@" > /dev/null 2>&1 || true
            end=$(date +%s%N)
            times+=("$(( (end - start) / 1000 ))")
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f\n", t[int((NR + 1) / 2)] / 1000 }'
    fi
}

HAVE_RG=1
if ! command -v rg > /dev/null; then
    HAVE_RG=0
    echo "== ripgrep (rg) is not installed: timing kanbao alone (install it to compare, e.g. apt-get install ripgrep)"
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
if command -v hyperfine > /dev/null; then echo "== timing with hyperfine, median of $RUNS runs"; else echo "== timing with date +%s%N, median of $RUNS runs"; fi
printf '\n%-28s %12s %12s %8s   %s\n' "search" "kanbao ms" "rg ms" "ratio" "results"

# compare LABEL QUERY RG_FLAGS [KANBAO_FLAGS...]: RG_FLAGS "-" leaves ripgrep out.
compare() {
    local label=$1 query=$2 rg_flags=$3
    shift 3
    local k r articles lines
    # Quoted, kanbao takes the query as one phrase (spaces included), as rg -F does.
    local phrase="\"$query\""
    k=$(median_ms "$KANBAO" search -L "$DIR" "$@" "$phrase")
    articles=$("$KANBAO" search -L "$DIR" "$@" "$phrase" 2>&1 > /dev/null | tail -n1)
    if [[ $HAVE_RG -eq 1 && $rg_flags != - ]]; then
        # shellcheck disable=SC2086 # the flags are words
        r=$(median_ms rg $rg_flags "$query" "$DIR")
        # shellcheck disable=SC2086
        lines=$(rg $rg_flags "$query" "$DIR" | awk -F: '{ s += $NF } END { print s + 0 }')
        printf '%-28s %12s %12s %7.2fx   kanbao: %s; rg: %s matching lines\n' \
            "$label" "$k" "$r" "$(awk -v k="$k" -v r="$r" 'BEGIN { print k / r }')" "$articles" "$lines"
    else
        printf '%-28s %12s %12s %8s   kanbao: %s\n' "$label" "$k" "-" "-" "$articles"
    fi
}

# The index lives in a cache folder of the script's own.
export XDG_CACHE_HOME=${XDG_CACHE_HOME_FOR_BENCH:-${TMPDIR:-/tmp}/kanbao-compare-cache}

echo "-- by the scan (--scan)"
compare "rare phrase '$RARE'" "$RARE" "-F -c" --scan
compare "rare, any case '$LATIN'" "$LATIN" "-F -i -c" --scan
compare "common word '$COMMON'" "$COMMON" "-F -c" --scan
compare "common, --limit 20" "$COMMON" - --scan --limit 20

echo
echo "== building the search index (kanbao index --rebuild)"
start=$(date +%s%N)
"$KANBAO" -L "$DIR" index --rebuild
end=$(date +%s%N)
echo "   $(( (end - start) / 1000000 )) ms"
echo
echo "-- through the index"
compare "rare phrase '$RARE'" "$RARE" "-F -c"
compare "rare, any case '$LATIN'" "$LATIN" "-F -i -c"
compare "common word '$COMMON'" "$COMMON" "-F -c"
compare "common, --limit 20" "$COMMON" - --limit 20
compare "common, relevance, 20" "$COMMON" - --sort relevance --limit 20
compare "common, every result, --json" "$COMMON" "-F -c" --json

# A feed library shaped like a folder of saved full-text feeds (FEED_DAYS files of 92 items;
# FEEDS=0 leaves it out): the planted photo credit, the newest 20 and every result.
FEEDS=${FEEDS:-1}
if [[ $FEEDS -ne 0 ]]; then
    FEED_DAYS=${FEED_DAYS:-114}
    CREDIT=${CREDIT:-人民视觉}
    DIR=${FEED_DIR:-${TMPDIR:-/tmp}/kanbao-feeds-$FEED_DAYS}
    (cd "$ROOT" && cargo build --quiet --release --example make-feeds)
    if [[ ! -d $DIR ]]; then
        echo
        echo "== generating $FEED_DAYS feed files in $DIR"
        "$TARGET/release/examples/make-feeds" --days "$FEED_DAYS" --items 92 --carry 0 --out "$DIR" > /dev/null
    fi
    find "$DIR" -type f -exec cat {} + > /dev/null
    echo
    echo "== indexing the feed library ($(du -sm "$DIR" | cut -f1) MB)"
    "$KANBAO" -L "$DIR" index > /dev/null
    echo "-- a feed library, through the index"
    compare "feeds: '$CREDIT', --limit 20" "$CREDIT" - --limit 20
    compare "feeds: '$CREDIT', every result" "$CREDIT" "-F -c"
fi
