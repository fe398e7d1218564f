#!/usr/bin/env bash
# Prints the path of the Python venv the ONNX interop check runs in, creating it on first use:
# onnxruntime, onnx (the model checker) and numpy from PyPI, in a cache folder outside the
# repository so that every clone and CI run reuses it. ZOO_ONNX_VENV overrides the location.
set -euo pipefail

venv=${ZOO_ONNX_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/zoo/venvs/onnxruntime}
packages=(onnxruntime onnx numpy)
stamp="$venv/.zoo-packages"

if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${packages[*]}" ]; then
    echo "$venv"
    exit 0
fi
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { echo "error: $python not found; install Python 3 (3.9 or newer) with venv" >&2; exit 1; }
echo "Creating the interop venv in $venv (${packages[*]} from PyPI)…" >&2
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --upgrade pip >&2
"$venv/bin/python" -m pip install --quiet "${packages[@]}" >&2
echo "${packages[*]}" > "$stamp"
echo "$venv"
