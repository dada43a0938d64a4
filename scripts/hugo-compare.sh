#!/usr/bin/env bash
# Compares `mieruka build` with Hugo on the same synthetic initiatives.
#
# Usage: scripts/hugo-compare.sh [N ...]   (default: 1000 10000)
#   env BENCH_RUNS=3  timed builds per tool and size (after one warm-up); the median is reported
#   env BENCH_SEED=1  seed of the synthetic content (examples/synthetic.rs)
#   env BENCH_KEEP=1  keep the work folder instead of deleting it
#
# Needs Hugo (Debian: apt-get install -y --no-install-recommends hugo) and GNU
# time (apt-get install -y time).
#
# For each N: generates N initiatives with the `synthetic` example, converts
# that content folder into the equivalent Hugo site with
# `synthetic --hugo-from` (languages ja and en, one page per initiative and
# language with its title, description and commentary as Markdown, a table of
# the figures, minimal baseof/single/list layouts, no charts, no RSS or
# taxonomies), then builds both on tmpfs, the same way: a fresh output folder
# for every run, one warm-up, BENCH_RUNS timed runs under /usr/bin/time -v.
# Prints a Markdown table with each tool's median wall time and peak memory,
# what it wrote, and the ratio hugo_time / mieruka_time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"

read_sizes "scripts/hugo-compare.sh [N ...]  (N: number of initiatives, e.g. 1000 10000)" 1000 10000 -- "$@"

if ! command -v hugo >/dev/null 2>&1; then
  echo "error: hugo is not installed. Install it with:" >&2
  echo "  apt-get install -y --no-install-recommends hugo" >&2
  exit 1
fi
setup_work mieruka-hugo
hugo="$(command -v hugo)"

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain -- src theme Cargo.toml Cargo.lock 2>/dev/null)" ]]; then
  # Name the uncommitted state by a hash of its diff, so two runs can be told apart.
  dirty="$( (git diff HEAD -- src theme Cargo.toml Cargo.lock &&
    git ls-files --others --exclude-standard -z -- src theme | xargs -0 -r cat) | sha256sum | cut -c1-8)"
  commit="$commit + uncommitted changes in src/, theme/ or Cargo.* (diff hash $dirty)"
fi
hugo_version="$("$hugo" version | awk '{print $2}')"


# An awk function for the table: the other processes' CPU use, or "–" for a
# run too short to measure it (the kernel counts CPU time in 10 ms ticks).
others_awk='
function others(wall, percent) { return wall < 0.25 ? "–" : sprintf("%.0f%%", percent) }'

# field FILE K: the K-th column of FILE, one value a line
field() { awk -v k="$2" '{ print $k }' "$1"; }

# bench TOOL N OUT CMD...: one warm-up and `runs` runs of CMD, each into a
# fresh OUT (removed before, outside the timing); prints
# "WALL CPU_SECONDS RSS_KB OTHERS_PERCENT HTML_FILES ALL_FILES OUTPUT_BYTES":
# medians of the wall time, of user+sys (less skewed than the wall time when
# other work competes for the CPUs) and of the share of the CPUs other
# processes used meanwhile; RSS_KB is the largest peak seen.
bench() {
  local tool="$1" n="$2" out="$3"
  shift 3
  local log="$work/log-$tool-$n" i wall rss others result
  rm -rf "$out"
  timed "$log-warmup" "$@" >/dev/null
  : >"$log.runs"
  for ((i = 1; i <= runs; i++)); do
    rm -rf "$out"
    result="$(timed "$log-$i" "$@")"
    read -r wall rss others <<<"$result"
    awk -F': ' -v w="$wall" -v r="$rss" -v o="$others" '
      /User time|System time/ { cpu += $2 }
      END { print w, cpu, r, o }' "$log-$i.time" >>"$log.runs"
  done
  local html files bytes
  html="$(find "$out" -type f -name '*.html' | wc -l)"
  files="$(find "$out" -type f | wc -l)"
  bytes="$(du -sb "$out" | cut -f1)"
  echo "$(field "$log.runs" 1 | median) $(field "$log.runs" 2 | median)" \
    "$(field "$log.runs" 3 | sort -g | tail -n 1) $(field "$log.runs" 4 | median) $html $files $bytes"
}

echo "Commit: $commit; Hugo $hugo_version" >&2
load_start="$(loadavg)"
rows=()
for n in "${sizes[@]}"; do
  content="$work/content-$n"
  site="$work/hugo-site-$n"
  echo "N=$n: generating the content and the Hugo site…" >&2
  "$synthetic" --initiatives "$n" --out "$content" --seed "$seed" >&2
  "$synthetic" --hugo-from "$content" --out "$site" >&2
  echo "N=$n: mieruka (1 warm-up + $runs runs)…" >&2
  result="$(bench mieruka "$n" "$work/out-mieruka-$n" \
    "$mieruka" build --content "$content" --output "$work/out-mieruka-$n")"
  mieruka_result="$result"
  echo "N=$n: hugo (1 warm-up + $runs runs)…" >&2
  result="$(bench hugo "$n" "$work/out-hugo-$n" \
    "$hugo" --quiet --source "$site" --destination "$work/out-hugo-$n" --cacheDir "$work/hugo-cache")"
  rows+=("$(echo "$n $mieruka_result" | awk '{
    printf "| %d | mieruka | **%.3f** | %.2f | %.0f | %d | %d | %.1f | %s | | |",
      $1, $2, $3, $4 / 1024, $6, $7, $8 / 1e6, others($2, $5) }'"$others_awk")")
  rows+=("$(echo "$n $result $mieruka_result" | awk '{
    printf "| %d | hugo | **%.3f** | %.2f | %.0f | %d | %d | %.1f | %s | **%.2f** | %.2f |",
      $1, $2, $3, $4 / 1024, $6, $7, $8 / 1e6, others($2, $5), $2 / $9, $3 / $10 }'"$others_awk")")
done

echo
echo "mieruka vs Hugo $hugo_version — commit $commit, $(date -u +%Y-%m-%d), $cpus CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), work folder on $(df --output=fstype "$work" | tail -n 1), load average $load_start at the start and $(loadavg) at the end"
echo
echo "| initiatives | tool | wall, median of $runs (s) | CPU user+sys (s) | peak RSS (MiB) | HTML files | all files | output (MB) | other processes' CPU use | hugo_time / mieruka_time | same, CPU time |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
  echo "$row"
done
echo
echo "mieruka also draws an SVG chart per indicator and writes data files; the Hugo site has the same pages and text with a plain table instead of charts."
