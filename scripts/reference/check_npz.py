"""An independent check of tfvae's exported weights (scripts/check-npz runs it).

Reads weights.npz (TfVae.exportNpz: one .npy per parameter, float32, named as VaeNetwork.PARAMS, weights
[in, out] so that a layer is x @ W + b; encoder_w2's 4 columns are [mean | log-std]) and recomputes the test
ELBO in float64 NumPy: the mean single-sample ELBO log p(z) + log p(x|z) - log q(z|x) over all 10000 test
images (training-file images 10000..19999; binarized as byte / 255 > 0.5 for the Bernoulli, byte / 255 for the
others), z = mean + exp(log-std) * eps. The npz's metadata entry names the likelihood, activation and layers:
Bernoulli log p(x|z) = sum x*l - logaddexp(0, l); the continuous Bernoulli adds log C(l) = log(l / tanh(l / 2));
the Gaussian is N(x; mean, exp(log_std)) with log_std = -5 + softplus(h + 5) from its decoder_log_std head. A file
without the entry is read as the assignment's one-layer tanh Bernoulli, and refused if it has a Gaussian head.
One line per noise draw (numpy Generator seeded 0, 1, ...), then the spread.
"""
import argparse
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist_idx  # noqa: E402

NAMES = ["encoder_w1", "encoder_b1", "encoder_w2", "encoder_b2",
         "decoder_w1", "decoder_b1", "decoder_w2", "decoder_b2"]
ACTIVATIONS = {
    "tanh": lambda a: __import__("numpy").tanh(a),
    "relu": lambda a: __import__("numpy").maximum(a, 0.0),
    "sigmoid": lambda a: 1.0 / (1.0 + __import__("numpy").exp(-a)),
    "softplus": lambda a: __import__("numpy").logaddexp(0.0, a),
}
LIKELIHOODS = ("bernoulli", "continuous-bernoulli", "gaussian")
LOG_STD_FLOOR = -5.0  # PixelLikelihood.LOG_STD_FLOOR: log_std = floor + softplus(h - floor)


def load_weights(path, d=784):
    """@return (params, meta): float64 arrays by name, and the metadata entry (or the legacy layout's when absent)."""
    import json
    import numpy as np
    if not zipfile.is_zipfile(path):
        raise mnist_idx.DataError(f"{path} is not an .npz (zip) file")
    try:
        with np.load(path) as f:
            if "metadata" in f.files:
                meta = json.loads(str(f["metadata"]))
            elif any(n.startswith("decoder_log_std") for n in f.files):
                raise mnist_idx.DataError(f"{path} holds a Gaussian decoder (decoder_log_std_*) but no metadata entry (an older"
                                          f" tfvae wrote it); export it again with this tfvae (TrainedVae.exportNpz)")
            else:  # written before the metadata entry: the assignment's layout
                meta = {"likelihood": "bernoulli", "activation": "tanh", "arrays": NAMES}
            missing = [n for n in meta["arrays"] if n not in f.files]
            if missing:
                raise mnist_idx.DataError(f"{path} has no array {missing[0]} (is it tfvae's weights.npz?)")
            p = {n: f[n].astype(np.float64) for n in meta["arrays"]}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
        raise mnist_idx.DataError(f"cannot read {path}: {e}")
    if meta["likelihood"] not in LIKELIHOODS:
        raise mnist_idx.DataError(f"{path}: likelihood {meta['likelihood']} is not one this check computes {LIKELIHOODS}")
    if meta["activation"] not in ACTIVATIONS:
        raise mnist_idx.DataError(f"{path}: activation {meta['activation']} is not one this check computes {sorted(ACTIVATIONS)}")
    if p["encoder_w1"].shape[0] != d or p[last_layer(p, "decoder")[0]].shape[1] != d:
        raise mnist_idx.DataError(f"{path}: shapes {[p[n].shape for n in meta['arrays']]} are not a {d}-pixel VAE's"
                                  f" (this check reads MNIST)")
    return p, meta


def last_layer(p, prefix):
    """@return the names (w, b) of the last layer of the encoder or decoder: the highest-numbered w."""
    k = max(int(n[len(prefix) + 2:]) for n in p if n.startswith(prefix + "_w") and n[len(prefix) + 2:].isdigit())
    return f"{prefix}_w{k}", f"{prefix}_b{k}"


def mlp(p, prefix, x, act):
    """@return (hidden, out): the last hidden layer and the output of an MLP whose layers are prefix_w1, prefix_b1, ..."""
    w_last, _ = last_layer(p, prefix)
    layers = int(w_last[len(prefix) + 2:])
    h = x
    for i in range(1, layers):
        h = act(h @ p[f"{prefix}_w{i}"] + p[f"{prefix}_b{i}"])
    return h, h @ p[f"{prefix}_w{layers}"] + p[f"{prefix}_b{layers}"]


def log_likelihood(p, meta, hidden, out, x):
    """log p(x|z) per image [N] under the model's likelihood, in float64."""
    import numpy as np
    kind = meta["likelihood"]
    if kind == "gaussian":
        h = hidden @ p["decoder_log_std_w"] + p["decoder_log_std_b"]
        log_std = LOG_STD_FLOOR + np.logaddexp(0.0, h - LOG_STD_FLOOR)
        return (-0.5 * ((x - out) / np.exp(log_std)) ** 2 - log_std - 0.5 * np.log(2 * np.pi)).sum(1)
    bernoulli = x * out - np.logaddexp(0.0, out)
    if kind == "bernoulli":
        return bernoulli.sum(1)
    # continuous Bernoulli: log C(l) = log(l / tanh(l / 2)), by its series log 2 + l^2/12 - 7 l^4/1440 near 0
    a = np.abs(out)
    small = a < 0.1
    safe = np.where(small, 1.0, a)
    log_c = np.where(small, np.log(2.0) + a ** 2 * (1.0 / 12 - 7.0 / 1440 * a ** 2), np.log(safe) - np.log(np.tanh(0.5 * safe)))
    return (bernoulli + log_c).sum(1)


def elbo(p, x, eps, meta=None):
    """Per-image single-sample ELBO [N] in float64."""
    import numpy as np
    meta = meta or {"likelihood": "bernoulli", "activation": "tanh"}
    act = ACTIVATIONS[meta["activation"]]
    _, q = mlp(p, "encoder", x, act)
    mean, log_std = np.split(q, 2, axis=1)
    z = mean + np.exp(log_std) * eps
    hidden, out = mlp(p, "decoder", z, act)
    log_lik = log_likelihood(p, meta, hidden, out, x)
    half_log_2pi = 0.5 * np.log(2 * np.pi)
    log_prior = (-0.5 * z ** 2 - half_log_2pi).sum(1)
    log_q = (-0.5 * ((z - mean) / np.exp(log_std)) ** 2 - log_std - half_log_2pi).sum(1)
    return log_lik + log_prior - log_q


def main():
    import numpy as np
    ap = argparse.ArgumentParser(prog="check-npz", description=__doc__.splitlines()[0])
    ap.add_argument("--weights", default="out/weights.npz")
    ap.add_argument("--data", default="data/mnist")
    ap.add_argument("--draws", type=int, default=5)
    ap.add_argument("--train", type=int, default=10000)
    ap.add_argument("--test", type=int, default=10000)
    a = ap.parse_args()
    if a.draws < 1:
        mnist_idx.fail(ap.prog, "--draws must be at least 1")
    try:
        p, meta = load_weights(a.weights)
        # the Bernoulli trains on binarized pixels; the continuous likelihoods on byte / 255 as it is
        _, test = mnist_idx.load(a.data, a.train, a.test, binarize=meta["likelihood"] == "bernoulli")
    except mnist_idx.DataError as e:
        mnist_idx.fail(ap.prog, str(e))
    x = test.astype(np.float64)
    z_dim = p["decoder_w1"].shape[0]
    means = []
    for draw in range(a.draws):
        eps = np.random.default_rng(draw).standard_normal((len(x), z_dim))
        means.append(elbo(p, x, eps, meta).mean())
        print(f"draw {draw}: test ELBO {means[-1]:.2f} nats (all {len(x)} test images, {meta['likelihood']} likelihood,"
              f" NumPy float64)")
    m = np.array(means)
    print(f"{a.draws} draws: {m.min():.2f} to {m.max():.2f} nats, mean {m.mean():.2f}, "
          f"standard deviation {m.std(ddof=1) if a.draws > 1 else 0.0:.3f}")


if __name__ == "__main__":
    main()
