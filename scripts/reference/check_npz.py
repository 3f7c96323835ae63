"""An independent check of tfvae's exported weights (scripts/check-npz runs it).

Reads weights.npz (TfVae.exportNpz: one .npy per parameter, float32, named as VaeNetwork.PARAMS, weights
[in, out] so that a layer is x @ W + b; encoder_w2's 4 columns are [mean | log-std]) and recomputes the test
ELBO in float64 NumPy: the mean single-sample ELBO log p(z) + log p(x|z) - log q(z|x) over all 10000 test
images (training-file images 10000..19999, binarized as byte / 255 > 0.5), z = mean + exp(log-std) * eps, with
log p(x|z) = sum x*l - logaddexp(0, l). One line per noise draw (numpy Generator seeded 0, 1, ...), then the spread.
"""
import argparse
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist_idx  # noqa: E402

NAMES = ["encoder_w1", "encoder_b1", "encoder_w2", "encoder_b2",
         "decoder_w1", "decoder_b1", "decoder_w2", "decoder_b2"]


def load_weights(path, d=784):
    import numpy as np
    if not zipfile.is_zipfile(path):
        raise mnist_idx.DataError(f"{path} is not an .npz (zip) file")
    try:
        with np.load(path) as f:
            missing = [n for n in NAMES if n not in f.files]
            if missing:
                raise mnist_idx.DataError(f"{path} has no array {missing[0]} (is it tfvae's weights.npz?)")
            p = {n: f[n].astype(np.float64) for n in NAMES}
    except (OSError, ValueError, zipfile.BadZipFile) as e:
        raise mnist_idx.DataError(f"cannot read {path}: {e}")
    h, z2 = p["encoder_w2"].shape
    if p["encoder_w1"].shape != (d, h) or p["decoder_w1"].shape != (z2 // 2, h) or p["decoder_w2"].shape != (h, d):
        raise mnist_idx.DataError(f"{path}: shapes {[p[n].shape for n in NAMES]} are not a {d}-pixel VAE's")
    return p


def elbo(p, x, eps):
    """Per-image single-sample ELBO [N] in float64."""
    import numpy as np
    h = np.tanh(x @ p["encoder_w1"] + p["encoder_b1"])
    mean, log_std = np.split(h @ p["encoder_w2"] + p["encoder_b2"], 2, axis=1)
    z = mean + np.exp(log_std) * eps
    logits = np.tanh(z @ p["decoder_w1"] + p["decoder_b1"]) @ p["decoder_w2"] + p["decoder_b2"]
    log_lik = (x * logits - np.logaddexp(0.0, logits)).sum(1)
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
    a = ap.parse_args()
    if a.draws < 1:
        mnist_idx.fail(ap.prog, "--draws must be at least 1")
    try:
        p = load_weights(a.weights)
        _, test = mnist_idx.load(a.data)
    except mnist_idx.DataError as e:
        mnist_idx.fail(ap.prog, str(e))
    x = test.astype(np.float64)
    z_dim = p["decoder_w1"].shape[0]
    means = []
    for draw in range(a.draws):
        eps = np.random.default_rng(draw).standard_normal((len(x), z_dim))
        means.append(elbo(p, x, eps).mean())
        print(f"draw {draw}: test ELBO {means[-1]:.2f} nats (all {len(x)} test images, NumPy float64)")
    m = np.array(means)
    print(f"{a.draws} draws: {m.min():.2f} to {m.max():.2f} nats, mean {m.mean():.2f}, "
          f"standard deviation {m.std(ddof=1) if a.draws > 1 else 0.0:.3f}")


if __name__ == "__main__":
    main()
