# Shared by scripts/bench.sh and scripts/hugo-compare.sh (sourced, not run):
# timing helpers that also measure how much other work ran meanwhile.
# shellcheck shell=bash

# now: seconds since the epoch, with microseconds (bash 5) or nanoseconds (date).
now() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    printf '%s\n' "${EPOCHREALTIME/,/.}"
  else
    date +%s.%N
  fi
}

# Timed runs per measurement and the seed of the synthetic content.
runs="${BENCH_RUNS:-3}"
seed="${BENCH_SEED:-1}"

# read_sizes USAGE DEFAULT... -- ARGS...: sets the array `sizes` to ARGS (the
# numbers of initiatives), or to DEFAULT when there are none; exits 2 with
# USAGE when one is not a positive whole number.
read_sizes() {
  local usage="$1"
  shift
  local defaults=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    defaults+=("$1")
    shift
  done
  shift
  if [[ $# -gt 0 ]]; then
    sizes=("$@")
  else
    sizes=("${defaults[@]}")
  fi
  local n
  for n in "${sizes[@]}"; do
    if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
      echo "usage: $usage" >&2
      exit 2
    fi
  done
}

ticks_per_second="$(getconf CLK_TCK)"
cpus="$(nproc)"

# busy_ticks: CPU ticks spent busy on the whole machine so far (user, nice,
# system, irq, softirq, steal), to tell how much other work ran during a run.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# timed OUT_PREFIX CMD...: runs CMD under /usr/bin/time -v; writes
# OUT_PREFIX.out / .err / .time and prints "WALL_SECONDS MAX_RSS_KB OTHERS_PERCENT",
# OTHERS_PERCENT being the share of the machine's CPUs that other processes
# used meanwhile (0 on a quiet machine; timings above ~10 are skewed).
timed() {
  local prefix="$1"
  shift
  local t0 t1 b0 b1 rss
  b0="$(busy_ticks)"
  t0="$(now)"
  if ! /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err"; then
    echo "error: failed: $*" >&2
    cat "$prefix.out" "$prefix.err" >&2
    exit 1
  fi
  t1="$(now)"
  b1="$(busy_ticks)"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$prefix.time")"
  awk -F': ' -v a="$t0" -v b="$t1" -v r="$rss" -v b0="$b0" -v b1="$b1" -v hz="$ticks_per_second" -v n="$cpus" '
    /User time|System time/ { own += $2 }
    END {
      wall = b - a
      others = (b1 - b0) / hz - own
      if (others < 0) others = 0
      printf "%.4f %d %.1f\n", wall, r, 100 * others / (wall * n)
    }' "$prefix.time"
}

# loadavg: the 1-minute load average (other work on the machine skews timings)
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# median of the numbers on standard input
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# setup_work NAME: checks for GNU time, makes the work folder ($work, on tmpfs
# when there is one; removed at exit unless BENCH_KEEP=1), builds the release
# binary and the synthetic example and copies them aside ($mieruka,
# $synthetic), so that a rebuild by someone else cannot change what is measured.
setup_work() {
  if [[ ! -x /usr/bin/time ]]; then
    echo "error: /usr/bin/time (GNU time) is needed for peak memory; install it with: apt-get install -y time" >&2
    exit 1
  fi
  if [[ -d /dev/shm && -w /dev/shm ]]; then
    work="$(mktemp -d "/dev/shm/$1.XXXXXX")"
  else
    work="$(mktemp -d)"
  fi
  trap cleanup EXIT
  echo "Building the release binary and the synthetic example…" >&2
  cargo build --release --quiet --bin mieruka --example synthetic
  local target="${CARGO_TARGET_DIR:-$root/target}"
  mkdir -p "$work/bin"
  cp "$target/release/mieruka" "$work/bin/mieruka"
  cp "$target/release/examples/synthetic" "$work/bin/synthetic"
  # shellcheck disable=SC2034 # used by the scripts that source this file
  mieruka="$work/bin/mieruka"
  # shellcheck disable=SC2034
  synthetic="$work/bin/synthetic"
}

cleanup() {
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
    echo "kept $work" >&2
  else
    rm -rf "$work"
  fi
}
