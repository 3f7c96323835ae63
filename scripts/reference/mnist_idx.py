"""Binarized MNIST by tfvae's protocol, read from the idx files with NumPy only.

Images 0..9999 of the training file are the training set, 10000..19999 the test set; a pixel is 1 when
byte / 255 > 0.5. The raw file is read when present, else the .gz one (as tfvae's DataSplit.assignment does).
"""
import gzip
import os
import sys


class DataError(Exception):
    """Unusable data: the message is one line for stderr."""


def _read_idx(path, magic, what):
    import numpy as np
    for p in (path, path + ".gz"):
        if os.path.exists(p):
            break
    else:
        raise DataError(f"{os.path.dirname(path) or '.'} has no {os.path.basename(path)} (nor .gz)")
    with (gzip.open if p.endswith(".gz") else open)(p, "rb") as f:
        data = f.read()
    ndim = magic & 0xff
    header = 4 + 4 * ndim
    if len(data) < header or int.from_bytes(data[:4], "big") != magic:
        raise DataError(f"{p} is not an idx {what} file")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    size = 1
    for d in dims:
        size *= d
    if len(data) != header + size:
        raise DataError(f"{p} holds {len(data) - header} bytes after its header, not {size}")
    return np.frombuffer(data, np.uint8, offset=header).reshape(dims)


def load(data_dir, n_train=10000, n_test=10000, binarize=True):
    """@return (train, test): float32 arrays [n, 784] of 0s and 1s (binarize), else of byte / 255."""
    import numpy as np
    images = _read_idx(os.path.join(data_dir, "train-images-idx3-ubyte"), 0x803, "images")
    labels = _read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte"), 0x801, "labels")
    if len(labels) != len(images):
        raise DataError(f"{data_dir}: {len(images)} images but {len(labels)} labels")
    if len(images) < n_train + n_test:
        raise DataError(f"{data_dir} holds {len(images)} images, but the split needs {n_train} + {n_test}")
    x = images.reshape(len(images), -1)[: n_train + n_test] / 255.0
    x = (x > 0.5 if binarize else x).astype(np.float32)
    return x[:n_train], x[n_train:]


def fail(prog, message):
    """One line on stderr and exit status 2."""
    print(f"{prog}: {message}", file=sys.stderr)
    sys.exit(2)
