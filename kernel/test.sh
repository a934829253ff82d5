#!/usr/bin/env bash
# The Jupyter kernel with real clients (CI runs this): installs the Debian packages it needs when
# missing, builds the release sfn and installs the kernelspec with the README's command (into a
# temporary JUPYTER_DATA_DIR), then runs jupyter_kernel_test's suite and executes
# examples/saddle_tour.ipynb with nbclient. Ends with `N passed, M failed`.
# SFN_NOTEBOOK_OUT=folder keeps the executed notebook and its HTML rendering.
set -euo pipefail
cd "$(dirname "$0")/.."

./build.sh deps python3-ipykernel python3-jupyter-client python3-nbclient python3-nbformat \
    python3-jupyter-kernel-test jupyter-nbconvert

JUPYTER_DATA_DIR="$(mktemp -d)"
export JUPYTER_DATA_DIR
trap 'rm -rf "$JUPYTER_DATA_DIR"' EXIT
./build.sh kernel

# Debian's Python, which has the packages above (a pyenv Python first on the PATH has not).
export OPENBLAS_NUM_THREADS=1
/usr/bin/python3 kernel/tests/run.py
