#!/usr/bin/env bash
# Benchmarks `mieruka build` on synthetic content of growing size.
#
# Usage: scripts/bench.sh [N ...]          (default: 16 1000 10000)
#   env BENCH_RUNS=3  timed builds per size (after one warm-up); the median is reported
#   env BENCH_SEED=1  seed of the synthetic content (examples/synthetic.rs)
#   env BENCH_KEEP=1  keep the work folder (content and output) instead of deleting it
#
# Builds the release binary and the `synthetic` example once, copies them
# aside (so that a rebuild by someone else cannot change what is measured),
# then for each N generates N initiatives into a temporary folder (on /dev/shm
# when it exists), runs `mieruka check --strict` (must report 0 warnings), one
# warm-up build and BENCH_RUNS timed builds, and prints a Markdown table:
# median wall time, the build's own time from its summary line, pages per
# second, peak memory (/usr/bin/time -v), and the time per initiative. Last, the
# repository's real content/ (best of 5).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"

read_sizes "scripts/bench.sh [N ...]  (N: number of initiatives, e.g. 16 1000 10000)" 16 1000 10000 -- "$@"

setup_work mieruka-bench

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain -- src theme Cargo.toml Cargo.lock 2>/dev/null)" ]]; then
  # Name the uncommitted state by a hash of its diff, so two runs can be told apart.
  dirty="$( (git diff HEAD -- src theme Cargo.toml Cargo.lock &&
    git ls-files --others --exclude-standard -z -- src theme | xargs -0 -r cat) | sha256sum | cut -c1-8)"
  commit="$commit + uncommitted changes in src/, theme/ or Cargo.* (diff hash $dirty)"
fi


# summary FILE: "PAGES CHARTS SECONDS" from "Built P pages and C charts into … in T s"
summary() {
  sed -n 's/^Built \([0-9]*\) pages and \([0-9]*\) charts into .* in \([0-9.]*\) s .*/\1 \2 \3/p' "$1" | tail -n 1
}

# An awk function for the tables: the other processes' CPU use, or "–" for a
# run too short to measure it (the kernel counts CPU time in 10 ms ticks).
others_awk='
function others(wall, percent) { return wall < 0.25 ? "–" : sprintf("%.0f%%", percent) }'

# field FILE K: the K-th column of FILE, one value a line
field() { awk -v k="$2" '{ print $k }' "$1"; }

# least / most of the numbers on standard input
least() { sort -g | head -n 1; }
most() { sort -g | tail -n 1; }

# bench_build LABEL CONTENT_DIR RUNS STAT: one warm-up and RUNS builds into
# the same output folder (as when rebuilding a site); prints
# "WALL INTERNAL CPU_SECONDS CPU_PERCENT RSS_KB OTHERS_PERCENT PAGES CHARTS":
# WALL and INTERNAL (the build's own time from its summary line) are the median,
# or with STAT=best the least, of the runs; CPU_SECONDS (user+sys, less skewed
# than the wall time when other work competes for the CPUs), CPU_PERCENT (share
# of one CPU, above 100 on several) and OTHERS_PERCENT are medians; RSS_KB is
# the largest peak seen.
bench_build() {
  local label="$1" content="$2" count="$3" stat="$4"
  local out="$work/out-$label" log="$work/log-$label"
  local i wall rss others result pages charts internal
  timed "$log-warmup" "$mieruka" build --content "$content" --output "$out" >/dev/null
  : >"$log.runs"
  for ((i = 1; i <= count; i++)); do
    result="$(timed "$log-$i" "$mieruka" build --content "$content" --output "$out")"
    read -r wall rss others <<<"$result"
    internal="$(summary "$log-$i.out" | awk '{ print $3 }')"
    awk -F': ' -v w="$wall" -v r="$rss" -v o="$others" -v i="$internal" '
      /User time|System time/ { cpu += $2 }
      /Percent of CPU/ { sub(/%/, "", $2); share = $2 }
      END { print w, i, cpu, share, r, o }' "$log-$i.time" >>"$log.runs"
  done
  local pick=median
  if [[ "$stat" == best ]]; then
    pick=least
  fi
  result="$(summary "$log-1.out")"
  read -r pages charts _ <<<"$result"
  echo "$(field "$log.runs" 1 | "$pick") $(field "$log.runs" 2 | "$pick")" \
    "$(field "$log.runs" 3 | median) $(field "$log.runs" 4 | median)" \
    "$(field "$log.runs" 5 | most) $(field "$log.runs" 6 | median) $pages $charts"
}

echo "Commit: $commit" >&2
echo "Machine: $cpus CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), work folder $work" >&2

declare -A wall_of
load_start="$(loadavg)"
rows=()
for n in "${sizes[@]}"; do
  content="$work/content-$n"
  echo "N=$n: generating…" >&2
  result="$(timed "$work/gen-$n" "$synthetic" --initiatives "$n" --out "$content" --seed "$seed")"
  read -r gen _ <<<"$result"
  files="$(find "$content" -type f | wc -l)"
  echo "N=$n: checking…" >&2
  result="$(timed "$work/check-$n" "$mieruka" check --strict --content "$content")"
  read -r check _ <<<"$result"
  if ! grep -q ' 0 warnings' "$work/check-$n.out"; then
    echo "error: the generated content for N=$n is not clean:" >&2
    cat "$work/check-$n.out" "$work/check-$n.err" >&2
    exit 1
  fi
  echo "N=$n: building (1 warm-up + $runs runs)…" >&2
  result="$(bench_build "$n" "$content" "$runs" median)"
  wall_of[$n]="${result%% *}"
  rows+=("$(echo "$n $files $gen $check $result" | awk '{
    printf "| %d | %d | %.3f | %.3f | **%.3f** | %.3f | %.2f | %.0f%% | %d | %d | %.0f | %.0f | %.2f | %s |",
      $1, $2, $3, $4, $5, $6, $7, $8, $11, $12, $11 / $5, $9 / 1024, 1000 * $5 / $1, others($5, $10) }'"$others_awk")")
done

echo "Real content (content/, best of 5)…" >&2
result="$(bench_build real "$root/content" 5 best)"
real_n="$(find "$root/content/initiatives" -mindepth 1 -maxdepth 1 -type d | wc -l)"

echo
echo "mieruka build benchmark — commit $commit, $(date -u +%Y-%m-%d), $cpus CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), work folder on $(df --output=fstype "$work" | tail -n 1), load average $load_start at the start and $(loadavg) at the end"
echo
echo "| initiatives | content files | generate (s) | check --strict (s) | build wall, median of $runs (s) | build's own time (s) | CPU user+sys (s) | CPU share | pages | charts | pages/s | peak RSS (MiB) | ms per initiative | other processes' CPU use |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
  echo "$row"
done
echo "$real_n $result" | awk '{
  printf "| %d (real content/, best of 5) | | | | **%.3f** | %.3f | %.2f | %.0f%% | %d | %d | %.0f | %.0f | %.2f | %s |\n",
    $1, $2, $3, $4, $5, $8, $9, $8 / $2, $6 / 1024, 1000 * $2 / $1, others($2, $7) }'"$others_awk"
echo
if [[ -n "${wall_of[1000]:-}" && -n "${wall_of[10000]:-}" ]]; then
  awk -v a="${wall_of[1000]}" -v b="${wall_of[10000]}" 'BEGIN {
    printf "Per-initiative cost: %.2f ms at 1000, %.2f ms at 10000; marginal cost from 1000 to 10000: %.2f ms per initiative; 10× the initiatives took %.1f× the time.\n",
      1000 * a / 1000, 1000 * b / 10000, 1000 * (b - a) / 9000, b / a }'
fi
