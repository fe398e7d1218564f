#!/usr/bin/env bash
# zoo's engine against PyTorch on the same CPU, in the same time window, 2 threads each.
# Builds zoo in release, creates (once) a venv with PyTorch CPU, then runs every case REPEATS
# times, alternating zoo and PyTorch back to back, and prints images/s, the ratio zoo/PyTorch,
# GFLOP/s and peak RSS (medians over the repeats), plus the load average around the run.
#
#   bench/engine/compare.sh                 # all cases, 3 repeats
#   REPEATS=5 STEPS=20 bench/engine/compare.sh
#   CASES="train_resnet18_b8_224" bench/engine/compare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

REPEATS="${REPEATS:-3}"
STEPS="${STEPS:-10}"
WARMUP="${WARMUP:-3}"
THREADS=2
VENV="${ZOO_TORCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/zoo/venvs/torch}"

# PyTorch does not read OPENBLAS_CORETYPE; let OpenBLAS pick its own kernels on both sides.
unset OPENBLAS_CORETYPE
export OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS

echo "== building zoo (release)" >&2
swift build -c release --static-swift-stdlib --product zoo >&2
ZOO="$(swift build -c release --show-bin-path)/zoo"

if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
    echo "== creating $VENV with PyTorch CPU" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "torch==2.13.0+cpu" numpy
fi

ALL_CASES="train_resnet18_b8_224 train_resnet18_b16_64 train_detectnet_b4_272x480 infer_resnet18_b1_224 infer_resnet18_b8_224"
CASES="${CASES:-$ALL_CASES}"

args_for() {
    case "$1" in
        train_resnet18_b8_224)       echo "--model resnet18 --mode train --batch 8 --input 3x224x224" ;;
        train_resnet18_b16_64)       echo "--model resnet18 --mode train --batch 16 --input 3x64x64" ;;
        train_detectnet_b4_272x480)  echo "--model detectnet_resnet18 --mode train --batch 4 --input 3x272x480" ;;
        infer_resnet18_b1_224)       echo "--model resnet18 --mode infer --batch 1 --input 3x224x224" ;;
        infer_resnet18_b8_224)       echo "--model resnet18 --mode infer --batch 8 --input 3x224x224" ;;
        *) echo "unknown case $1" >&2; exit 2 ;;
    esac
}

RESULTS="$(mktemp)"
trap 'rm -f "$RESULTS"' EXIT
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $("$ZOO" --version --verbose | grep blas | sed 's/^ *//'); load average before: $LOAD_BEFORE" >&2
for repeat in $(seq 1 "$REPEATS"); do
    for case in $CASES; do
        # shellcheck disable=SC2046
        zoo_json="$("$ZOO" bench engine $(args_for "$case") --steps "$STEPS" --warmup "$WARMUP" --format_type json | tr -d "\n")"
        # shellcheck disable=SC2046
        torch_json="$("$VENV/bin/python" bench/engine/torch_bench.py $(args_for "$case") --steps "$STEPS" --warmup "$WARMUP" --threads $THREADS)"
        echo "{\"case\": \"$case\", \"repeat\": $repeat, \"load\": $(cut -d' ' -f1 /proc/loadavg), \"zoo\": $zoo_json, \"torch\": $torch_json}" >> "$RESULTS"
        echo "   $case repeat $repeat done" >&2
    done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$RESULTS" "$LOAD_BEFORE" "$LOAD_AFTER" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
def num(v): return float(v)
cases = []
for r in rows:
    if r["case"] not in cases: cases.append(r["case"])
print(f"{'case':<28} {'zoo img/s':>10} {'torch img/s':>12} {'zoo/torch':>10} {'zoo GFLOP/s':>12} {'torch GFLOP/s':>14} {'zoo RSS MB':>11} {'torch RSS MB':>13} {'RSS ratio':>10}")
for c in cases:
    rs = [r for r in rows if r["case"] == c]
    z = [r["zoo"][0] if isinstance(r["zoo"], list) else r["zoo"] for r in rs]
    t = [r["torch"] for r in rs]
    zi = statistics.median(num(x["images_per_s"]) for x in z)
    ti = statistics.median(num(x["images_per_s"]) for x in t)
    ratios = [num(a["images_per_s"]) / num(b["images_per_s"]) for a, b in zip(z, t)]
    zg = statistics.median(num(x["gflop_per_s"]) for x in z)
    tg = statistics.median(num(x["gflop_per_s"]) for x in t)
    zr = max(num(x["peak_rss_mb"]) for x in z)
    tr = max(num(x["peak_rss_mb"]) for x in t)
    print(f"{c:<28} {zi:>10.1f} {ti:>12.1f} {statistics.median(ratios):>9.2f}x {zg:>12.1f} {tg:>14.1f} {zr:>11.0f} {tr:>13.0f} {zr / tr:>9.2f}x")
print(f"\nratio = median over {len(rows) // len(cases)} back-to-back pairs of (zoo images/s / PyTorch images/s); "
      f"load average before {sys.argv[2]}, after {sys.argv[3]}")
PY
