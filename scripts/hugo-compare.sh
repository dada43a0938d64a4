#!/usr/bin/env bash
# Compares `mieruka build` with Hugo, and with Jekyll when it is installed, on
# the same synthetic initiatives.
#
# Usage: scripts/hugo-compare.sh [N ...]   (default: 1000 10000)
#   env BENCH_RUNS=3  timed builds per tool and size (after one warm-up); the median is reported
#   env BENCH_SEED=1  seed of the synthetic content (examples/synthetic.rs)
#   env BENCH_KEEP=1  keep the work folder instead of deleting it
#   env BENCH_JEKYLL_MAX=2000  largest N that Jekyll builds (about 4 s per 1000
#                     initiatives on two CPUs, 6× Hugo); 0 leaves Jekyll out
#
# Needs Hugo (Debian: apt-get install -y --no-install-recommends hugo) and GNU
# time (apt-get install -y time); Jekyll 4 is optional (Debian: apt-get
# install -y jekyll; the site needs no other gems), and skipped with a note
# when it is missing.
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
#
# Jekyll, for each N up to BENCH_JEKYLL_MAX: the same pages converted with
# `synthetic --jekyll-from` (a folder per language, YAML front matter,
# default/single/list Liquid layouts, kramdown, no plugins or feeds, Jekyll's
# disk cache off so that every run converts every page), built with `jekyll
# build` the same way; a second table with mieruka's rows again and the ratio
# jekyll_time / mieruka_time.
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
jekyll_max="${BENCH_JEKYLL_MAX:-2000}"
if ! [[ "$jekyll_max" =~ ^[0-9]+$ ]]; then
  echo "error: BENCH_JEKYLL_MAX must be a whole number (0 leaves Jekyll out)" >&2
  exit 2
fi
jekyll=""
if ((jekyll_max > 0)); then
  if command -v jekyll >/dev/null 2>&1; then
    jekyll="$(command -v jekyll)"
  else
    echo "note: jekyll is not installed, so only Hugo is compared; to add Jekyll 4:" >&2
    echo "  apt-get install -y jekyll" >&2
  fi
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
if [[ -n "$jekyll" ]]; then
  jekyll_version="$("$jekyll" --version | awk '{print $2}')"
fi

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

# row N TOOL RESULT [MIERUKA_RESULT]: a table row from bench's RESULT; with
# MIERUKA_RESULT, the ratios of the tool's wall and CPU times to mieruka's.
row() {
  echo "$1 $3 ${4:-}" | awk -v tool="$2" '{
    printf "| %d | %s | **%.3f** | %.2f | %.0f | %d | %d | %.1f | %s |",
      $1, tool, $2, $3, $4 / 1024, $6, $7, $8 / 1e6, others($2, $5)
    if (NF > 8) printf " **%.2f** | %.2f |", $2 / $9, $3 / $10
    else printf " | |"
  }'"$others_awk"
}

echo "Commit: $commit; Hugo $hugo_version${jekyll:+; Jekyll $jekyll_version (N ≤ $jekyll_max)}" >&2
load_start="$(loadavg)"
rows=()
jekyll_rows=()
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
  rows+=("$(row "$n" mieruka "$mieruka_result")")
  rows+=("$(row "$n" hugo "$result" "$mieruka_result")")
  if [[ -n "$jekyll" ]]; then
    if ((n > jekyll_max)); then
      echo "N=$n: jekyll left out (N > BENCH_JEKYLL_MAX=$jekyll_max)" >&2
      continue
    fi
    site="$work/jekyll-site-$n"
    "$synthetic" --jekyll-from "$content" --out "$site" >&2
    echo "N=$n: jekyll (1 warm-up + $runs runs)…" >&2
    result="$(bench jekyll "$n" "$work/out-jekyll-$n" \
      "$jekyll" build --quiet --source "$site" --destination "$work/out-jekyll-$n")"
    jekyll_rows+=("$(row "$n" mieruka "$mieruka_result")")
    jekyll_rows+=("$(row "$n" jekyll "$result" "$mieruka_result")")
  fi
done

# table TOOL ROW...: the table's header, then the rows
table() {
  local tool="$1"
  shift
  echo "| initiatives | tool | wall, median of $runs (s) | CPU user+sys (s) | peak RSS (MiB) | HTML files | all files | output (MB) | other processes' CPU use | ${tool}_time / mieruka_time | same, CPU time |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "$@"
}

about="commit $commit, $(date -u +%Y-%m-%d), $cpus CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), work folder on $(df --output=fstype "$work" | tail -n 1), load average $load_start at the start and $(loadavg) at the end"
echo
echo "mieruka vs Hugo $hugo_version — $about"
echo
table hugo "${rows[@]}"
echo
echo "mieruka also draws an SVG chart per indicator and writes data files; the Hugo site has the same pages and text with a plain table instead of charts."
if [[ ${#jekyll_rows[@]} -gt 0 ]]; then
  echo
  echo "mieruka vs Jekyll $jekyll_version — $about"
  echo
  table jekyll "${jekyll_rows[@]}"
  echo
  echo "The Jekyll site has the same pages and text as the Hugo site (Liquid layouts, kramdown, no plugins), with Jekyll's disk cache off."
fi
