"""A PyTorch reference for tfvae's default training run (scripts/benchmark-pytorch runs it).

The model and protocol are tfvae's defaults (VaeNetwork.java, Densities.java, VaeGraph.java):
- data: binarized MNIST (byte / 255 > 0.5), training-file images 0..9999 train, 10000..19999 test;
- encoder: 784 -> 500 tanh -> 4 columns [mean | log-std] of a diagonal Gaussian q(z|x) (log-std, not log-variance);
- decoder: 2 -> 500 tanh -> 784 Bernoulli logits;
- every weight and bias 0.01 * N(0, 1); weights are [in, out] matrices (x @ W + b), as in tfvae's .npz;
- loss: minus the batch mean of the single-sample ELBO log p(z) + log p(x|z) - log q(z|x),
  z = mean + exp(log-std) * eps, with the log densities written out (log p(x|z) = sum x*l - softplus(l));
- Adam, lr 1e-3, betas (0.9, 0.999), eps 1e-8; batch 100, batch t mod 100 in order, no shuffling.
Prints the seconds spent in training steps (no evaluation inside), steps/s, and the test ELBO: the mean
single-sample ELBO over all 10000 test images, in nats. The noise differs from tfvae's (another generator).
"""
import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist_idx  # noqa: E402

HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def elbo(p, x, eps):
    """Per-image single-sample ELBO [B] for binary images x [B, 784] and noise eps [B, 2]."""
    import torch
    import torch.nn.functional as F
    h = torch.tanh(x @ p["encoder_w1"] + p["encoder_b1"])
    mean, log_std = (h @ p["encoder_w2"] + p["encoder_b2"]).chunk(2, dim=1)
    z = mean + torch.exp(log_std) * eps
    logits = torch.tanh(z @ p["decoder_w1"] + p["decoder_b1"]) @ p["decoder_w2"] + p["decoder_b2"]
    log_lik = (x * logits - F.softplus(logits)).sum(1)
    log_prior = (-0.5 * z ** 2 - HALF_LOG_2PI).sum(1)
    log_q = (-0.5 * ((z - mean) * torch.exp(-log_std)) ** 2 - log_std - HALF_LOG_2PI).sum(1)
    return log_lik + log_prior - log_q


def blas_library():
    """@return the BLAS shared library this process loaded (Debian's torch calls the system libblas.so.3)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.rsplit("/", 1)[-1]}
    except OSError:
        return "unknown"
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "none loaded"


def main():
    ap = argparse.ArgumentParser(prog="benchmark-pytorch", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--data", default="data/mnist")
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    a = ap.parse_args()
    if a.epochs < 1 or a.threads < 0:
        mnist_idx.fail(ap.prog, "--epochs must be at least 1 and --threads at least 0")
    try:
        train, test = mnist_idx.load(a.data)
    except mnist_idx.DataError as e:
        mnist_idx.fail(ap.prog, str(e))

    import torch
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    z_dim, hidden, d = 2, 500, train.shape[1]
    shapes = {"encoder_w1": (d, hidden), "encoder_b1": (hidden,), "encoder_w2": (hidden, 2 * z_dim),
              "encoder_b2": (2 * z_dim,), "decoder_w1": (z_dim, hidden), "decoder_b1": (hidden,),
              "decoder_w2": (hidden, d), "decoder_b2": (d,)}
    p = {k: (0.01 * torch.randn(s)).requires_grad_() for k, s in shapes.items()}
    opt = torch.optim.Adam(p.values(), lr=1e-3)
    x_train, x_test = torch.from_numpy(train), torch.from_numpy(test)
    batch = 100
    n_batches = len(x_train) // batch

    epoch_secs, last_train_elbo = [], float("nan")
    for epoch in range(a.epochs):
        t0 = time.perf_counter()
        total = torch.zeros(())
        for b in range(n_batches):
            xb = x_train[b * batch:(b + 1) * batch]
            loss = -elbo(p, xb, torch.randn(batch, z_dim)).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.detach()
        last_train_elbo = -total.item() / n_batches
        epoch_secs.append(time.perf_counter() - t0)

    with torch.no_grad():
        g = torch.Generator().manual_seed(a.seed + 1)
        test_elbo = elbo(p, x_test, torch.randn(len(x_test), z_dim, generator=g)).mean().item()
    steps, train_secs = a.epochs * n_batches, sum(epoch_secs)
    later = f" ({n_batches * (a.epochs - 1) / sum(epoch_secs[1:]):.1f} over epochs 2-{a.epochs})" if a.epochs > 1 else ""
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, BLAS {blas_library()}; seed {a.seed}, "
          f"{a.epochs} epochs of {n_batches} steps")
    print(f"trained {a.epochs} epochs in {train_secs:.1f} s, {steps / train_secs:.1f} steps/s{later}")
    print(f"test ELBO {test_elbo:.2f} nats (all {len(x_test)} test images), train ELBO (last epoch) "
          f"{last_train_elbo:.2f}")


if __name__ == "__main__":
    main()
