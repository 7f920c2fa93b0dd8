"""A from-scratch NumPy MLP on MNIST: the baseline of SPEC §7 for chapter 31.

Same model and training as the Rust reference (`solutions/31-mnist`): 784-128-10,
ReLU, softmax cross-entropy, He initialisation, Adam (lr 1e-3, betas 0.9/0.999,
eps 1e-8), minibatches of 64 reshuffled every epoch, float32 throughout. Seconds per
epoch count the training loop only (not loading, not the test evaluation).

    python3 bench/mnist_numpy.py [EPOCHS]

The last line: `mnist: epochs=E hidden=H batch=B seconds_per_epoch=S test_accuracy=A`.
"""

import gzip
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "datasets", "data", "mnist")


def read_idx(name):
    """Read an IDX file of unsigned bytes (big-endian header, then the data)."""
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{name}: not an IDX file of unsigned bytes")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * d: 8 + 4 * d], "big") for d in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims)


def load(prefix):
    images = read_idx(f"{prefix}-images.idx3-ubyte.gz").reshape(-1, 784)
    labels = read_idx(f"{prefix}-labels.idx1-ubyte.gz").astype(np.int64)
    return (images.astype(np.float32) / np.float32(255.0)), labels


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    hidden, batch, classes = 128, 64, 10
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    rng = np.random.default_rng(0)
    f32 = np.float32
    params = {
        "w1": (rng.standard_normal((784, hidden)) * np.sqrt(2 / 784)).astype(f32),
        "b1": np.zeros(hidden, f32),
        "w2": (rng.standard_normal((hidden, classes)) * np.sqrt(2 / hidden)).astype(f32),
        "b2": np.zeros(classes, f32),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(v) for k, v in params.items()}
    t = 0
    n = len(x_train)
    eye = np.eye(classes, dtype=f32)

    def predict(x):
        h = np.maximum(x @ params["w1"] + params["b1"], 0)
        return np.argmax(h @ params["w2"] + params["b2"], axis=1)

    seconds = []
    for epoch in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(n)
        total = 0.0
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = x_train[idx], y_train[idx]
            k = len(idx)
            # forward
            h = np.maximum(xb @ params["w1"] + params["b1"], 0)
            z = h @ params["w2"] + params["b2"]
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            p = e / e.sum(axis=1, keepdims=True)
            total += -np.log(p[np.arange(k), yb] + 1e-30).sum()
            # backward
            dz = (p - eye[yb]) / f32(k)
            grads = {"w2": h.T @ dz, "b2": dz.sum(axis=0)}
            dh = dz @ params["w2"].T
            dh[h <= 0] = 0
            grads["w1"] = xb.T @ dh
            grads["b1"] = dh.sum(axis=0)
            # Adam
            t += 1
            c1, c2 = 1 - b1 ** t, 1 - b2 ** t
            for name, g in grads.items():
                m[name] = b1 * m[name] + (1 - b1) * g
                v[name] = b2 * v[name] + (1 - b2) * g * g
                params[name] -= (lr / c1) * m[name] / (np.sqrt(v[name] / c2) + eps)
        seconds.append(time.perf_counter() - start)
        acc = float((predict(x_test) == y_test).mean())
        print(f"epoch {epoch + 1:>2}: loss {total / n:.4f}  test accuracy {acc:.4f}  "
              f"{seconds[-1]:.3f} s", flush=True)
    # The fastest epoch: a steadier figure than the mean on a machine shared with other work.
    print(f"fastest epoch: {min(seconds):.3f} s")
    print(f"mnist: epochs={epochs} hidden={hidden} batch={batch} "
          f"seconds_per_epoch={sum(seconds) / epochs:.3f} test_accuracy={acc:.4f}")


if __name__ == "__main__":
    main()
