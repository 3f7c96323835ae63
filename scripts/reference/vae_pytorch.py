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

--preset keras-conv swaps the networks for the Keras VAE example's (keras-io examples/generative/vae.py), as
issue 22 lists them, on the same data, loss, Adam, batch and batch order:
- encoder: 28x28x1 -> Conv 32 3x3 stride 2 ReLU -> Conv 64 3x3 stride 2 ReLU -> flatten (7*7*64) -> Dense 16 ReLU
  -> Dense 4 [mean | log-std] of q(z|x);
- decoder: z (2) -> Dense 7*7*64 ReLU -> reshape 7x7x64 -> transposed Conv 64 3x3 stride 2 ReLU -> transposed
  Conv 32 3x3 stride 2 ReLU -> transposed Conv 1 3x3 stride 1 -> 28x28 Bernoulli logits;
- padding is TensorFlow's SAME exactly (not PyTorch's symmetric padding=1): a stride-2 conv pads one row and
  column after the image only, a stride-2 transposed conv drops the last row and column of its full output;
- weights N(0, 2 / fan-in) for ReLU layers (He) and N(0, 1 / fan-in) for the linear heads, fan-in = k*k*in
  channels for (transposed) convs; biases 0.
It also prints milliseconds per step of 100 images, wall-clock and CPU time (user + system, all threads).
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


def conv_params(z_dim):
    """@return the keras-conv preset's parameters (PyTorch layouts: conv [out, in, k, k], transposed [in, out, k, k])."""
    import torch
    shapes = [("enc_conv1", (32, 1, 3, 3), 9, 2.0), ("enc_conv2", (64, 32, 3, 3), 9 * 32, 2.0),
              ("enc_dense", (7 * 7 * 64, 16), 7 * 7 * 64, 2.0), ("enc_out", (16, 2 * z_dim), 16, 1.0),
              ("dec_dense", (z_dim, 7 * 7 * 64), z_dim, 2.0), ("dec_tconv1", (64, 64, 3, 3), 9 * 64, 2.0),
              ("dec_tconv2", (64, 32, 3, 3), 9 * 64, 2.0), ("dec_tconv3", (32, 1, 3, 3), 9 * 32, 1.0)]
    p = {}
    for name, shape, fan_in, gain in shapes:
        p[name + "_w"] = (math.sqrt(gain / fan_in) * torch.randn(shape)).requires_grad_()
        out = shape[1] if len(shape) == 2 or name.startswith("dec_tconv") else shape[0]
        p[name + "_b"] = torch.zeros(out).requires_grad_()
    return p


def conv_elbo(p, x, eps):
    """Per-image single-sample ELBO [B] of the keras-conv preset for binary images x [B, 784] and noise eps [B, 2]."""
    import torch
    import torch.nn.functional as F
    h = x.view(-1, 1, 28, 28)
    h = F.relu(F.conv2d(F.pad(h, (0, 1, 0, 1)), p["enc_conv1_w"], p["enc_conv1_b"], stride=2))    # 28 -> 14
    h = F.relu(F.conv2d(F.pad(h, (0, 1, 0, 1)), p["enc_conv2_w"], p["enc_conv2_b"], stride=2))    # 14 -> 7
    h = h.permute(0, 2, 3, 1).reshape(-1, 7 * 7 * 64)                     # flatten in NHWC order, as TensorFlow's
    h = F.relu(h @ p["enc_dense_w"] + p["enc_dense_b"])
    mean, log_std = (h @ p["enc_out_w"] + p["enc_out_b"]).chunk(2, dim=1)
    z = mean + torch.exp(log_std) * eps
    g = F.relu(z @ p["dec_dense_w"] + p["dec_dense_b"]).view(-1, 7, 7, 64).permute(0, 3, 1, 2)
    g = F.relu(F.conv_transpose2d(g, p["dec_tconv1_w"], p["dec_tconv1_b"], stride=2)[:, :, :14, :14])   # 7 -> 14
    g = F.relu(F.conv_transpose2d(g, p["dec_tconv2_w"], p["dec_tconv2_b"], stride=2)[:, :, :28, :28])   # 14 -> 28
    logits = F.conv_transpose2d(g, p["dec_tconv3_w"], p["dec_tconv3_b"], padding=1).reshape(-1, 784)   # 28 -> 28
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


def train_epochs(p, elbo_fn, opt, x_train, epochs, batch, z_dim):
    """Adam on -elbo_fn over the batches in order, one N(0, I) draw per batch.

    @return (wall seconds per epoch, CPU seconds of all epochs, the last epoch's mean train ELBO)
    """
    import torch
    n_batches = len(x_train) // batch
    epoch_secs, cpu_secs, last_train_elbo = [], 0.0, float("nan")
    for _ in range(epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        total = torch.zeros(())
        for b in range(n_batches):
            xb = x_train[b * batch:(b + 1) * batch]
            loss = -elbo_fn(p, xb, torch.randn(batch, z_dim)).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.detach()
        last_train_elbo = -total.item() / n_batches
        epoch_secs.append(time.perf_counter() - t0)
        cpu_secs += time.process_time() - c0
    return epoch_secs, cpu_secs, last_train_elbo


def main():
    ap = argparse.ArgumentParser(prog="benchmark-pytorch", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--data", default="data/mnist")
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    ap.add_argument("--preset", choices=["mlp", "keras-conv"], default="mlp",
                    help="the networks: tfvae's default MLP, or the Keras example's conv networks (default: mlp)")
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
    if a.preset == "keras-conv":
        return conv_main(a, train, test)
    z_dim, hidden, d = 2, 500, train.shape[1]
    shapes = {"encoder_w1": (d, hidden), "encoder_b1": (hidden,), "encoder_w2": (hidden, 2 * z_dim),
              "encoder_b2": (2 * z_dim,), "decoder_w1": (z_dim, hidden), "decoder_b1": (hidden,),
              "decoder_w2": (hidden, d), "decoder_b2": (d,)}
    p = {k: (0.01 * torch.randn(s)).requires_grad_() for k, s in shapes.items()}
    opt = torch.optim.Adam(p.values(), lr=1e-3)
    x_train, x_test = torch.from_numpy(train), torch.from_numpy(test)
    batch = 100
    n_batches = len(x_train) // batch

    epoch_secs, _, last_train_elbo = train_epochs(p, elbo, opt, x_train, a.epochs, batch, z_dim)

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


def conv_main(a, train, test):
    """Trains and times the keras-conv preset by the default's protocol (seeded by a.seed, torch threads already set)."""
    import torch
    z_dim, batch = 2, 100
    p = conv_params(z_dim)
    opt = torch.optim.Adam(p.values(), lr=1e-3)
    x_train, x_test = torch.from_numpy(train), torch.from_numpy(test)
    n_batches = len(x_train) // batch
    epoch_secs, cpu_secs, last_train_elbo = train_epochs(p, conv_elbo, opt, x_train, a.epochs, batch, z_dim)

    with torch.no_grad():
        g = torch.Generator().manual_seed(a.seed + 1)
        eps = torch.randn(len(x_test), z_dim, generator=g)
        test_elbo = sum(conv_elbo(p, x_test[i:i + 500], eps[i:i + 500]).sum().item()
                        for i in range(0, len(x_test), 500)) / len(x_test)
    steps, train_secs = a.epochs * n_batches, sum(epoch_secs)
    later = (f" ({1000 * sum(epoch_secs[1:]) / (n_batches * (a.epochs - 1)):.0f} ms over epochs 2-{a.epochs})"
             if a.epochs > 1 else "")
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, BLAS {blas_library()}; seed {a.seed}, "
          f"preset keras-conv, {a.epochs} epochs of {n_batches} steps")
    print(f"trained {a.epochs} epochs in {train_secs:.1f} s, {1000 * train_secs / steps:.0f} ms per step of {batch} "
          f"images{later}, CPU {1000 * cpu_secs / steps:.0f} ms per step (user + system, all threads)")
    print(f"test ELBO {test_elbo:.2f} nats (all {len(x_test)} test images), train ELBO (last epoch) "
          f"{last_train_elbo:.2f}")


if __name__ == "__main__":
    main()
