#!/usr/bin/env bash
# SPEC §7 benchmark: chapter 31's reference MLP (Rust, release build) against a
# from-scratch NumPy MLP with the same architecture (784-128-10), batch (64), optimiser
# (Adam 1e-3), f32 and epochs, on the same machine, one after the other.
#
#   bench/mnist.sh [EPOCHS]                    (default 10)
#   NUMPY_THREADS=1 bench/mnist.sh [EPOCHS]    NumPy's BLAS pinned to one thread
#   RAYON_NUM_THREADS=1 bench/mnist.sh         the Rust reference on one core (it splits
#                                              each batch over two cores by default)
#
# On a machine shared with other work, a multi-threaded BLAS can lose badly to contention
# (its threads spin and wait for each other): measure both ways and say which you report.
#
# Prints each side's last line and the ratio of seconds per epoch (target: Rust ≤ 0.7 ×
# NumPy at ≥ 97.5 % test accuracy). NumPy runs only when `python3 -c "import numpy"` works.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS="${1:-10}"

echo "== Rust (cargo run --release -p solution-31-mnist --example bench -- $EPOCHS)"
cargo build --release -q -p solution-31-mnist --example bench
rust_out="$(./target/release/examples/bench "$EPOCHS" | tee /dev/stderr)"
rust_line="$(tail -n 1 <<<"$rust_out")"

if [ -n "${NUMPY_THREADS:-}" ]; then
    export OPENBLAS_NUM_THREADS="$NUMPY_THREADS" OMP_NUM_THREADS="$NUMPY_THREADS" MKL_NUM_THREADS="$NUMPY_THREADS"
fi
if python3 -c "import numpy" 2>/dev/null; then
    echo "== NumPy $(python3 -c 'import numpy; print(numpy.__version__)'), BLAS threads: ${NUMPY_THREADS:-default} (python3 bench/mnist_numpy.py $EPOCHS)"
    numpy_out="$(python3 bench/mnist_numpy.py "$EPOCHS" | tee /dev/stderr)"
    numpy_line="$(tail -n 1 <<<"$numpy_out")"
else
    echo "== NumPy is not installed (pip install numpy): Rust only"
    numpy_line=""
fi

echo
echo "rust:  $rust_line"
if [ -n "$numpy_line" ]; then
    echo "numpy: $numpy_line"
    per_epoch() { sed -n 's/.*seconds_per_epoch=\([0-9.]*\).*/\1/p' <<<"$1"; }
    fastest() { sed -n 's/^fastest epoch: \([0-9.]*\) s$/\1/p' <<<"$1"; }
    python3 - "$(per_epoch "$rust_line")" "$(per_epoch "$numpy_line")" \
        "$(fastest "$rust_out")" "$(fastest "$numpy_out")" <<'PY'
import sys
rust, numpy, rust_best, numpy_best = map(float, sys.argv[1:5])
print(f"ratio rust/numpy seconds_per_epoch = {rust / numpy:.2f} (target <= 0.70)")
print(f"ratio rust/numpy fastest epoch     = {rust_best / numpy_best:.2f}")
PY
fi
