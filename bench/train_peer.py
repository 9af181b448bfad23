#!/usr/bin/env python3
"""Training throughput: `latent train` (C++, LibTorch) against the same loop in Python PyTorch eager.

The default configuration (conditional DCGAN-32 on Fashion-MNIST, non-saturating loss, batch 64,
Adam 2e-4 / (0.5, 0.999), EMA generator) runs for --steps steps in `latent train`; images/s comes
from its metrics.csv over the rows after the first (the first holds the warm-up). Then the same
model and loop run in Python, in this script, at the same thread count: G is tools/dcgan.py, D is
ProjectionD below (a twin of core/train/networks.cpp), and each step does what
TrainingSession::step() in core/train/session.cpp does, item() synchronisations included:

  D step: per-step seeded noise generator; batch = index_select of uint8 rows -> float [-1, 1],
          28 px padded to 32 with -1; z ~ N(0, 1), alpha ~ U(0, 1) drawn (WGAN's, unused here);
          fake = G(z, y) without grad; loss = softplus(-D(real)) + softplus(D(fake)); loss.item();
          backward; global grad norm (one item() per parameter); Adam step; mean D outputs.
  G step: z, random classes; softplus(-D(G(z, c), c)); item; backward; grad norm; Adam step;
          EMA update of parameters (warm-up min(0.999, (1+s)/(10+s))), buffers copied.
  every 10 steps: the weights' finiteness check and a metrics line.

One difference stays: `latent` prepares batches on a prefetch thread, Python inline (a 64-image
batch costs well under a millisecond, against hundreds for the step). That thread keeps to one
OpenMP thread, so each process has one OpenMP team of --threads threads. (A second team there
made libgomp count more threads than cores and cut its spin-wait to ~100 iterations: the
training thread's workers then slept on a futex between ops, 0.77x at --threads 2 on 2 cores.)
Prints images/s of both and the ratio (C++ / Python: above 1 means C++ is faster). Needs an idle
machine for real figures: under load both slow down a lot (libgomp's workers spin while other
processes want the cores).

    /usr/bin/python3 bench/train_peer.py --latent build/app/latent --steps 200 --threads 2
"""

import argparse
import csv
import gzip
import os
import subprocess
import sys
import tempfile
import time

# The peer gets what `latent` does at start-up (runtime::configureThreads): OpenBLAS single-threaded
# under torch's own threads (see bench/forward_peer.py for why it matters on small machines).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from dcgan import DCGANGenerator  # noqa: E402

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
LOG_EVERY = 10


class ProjectionD(nn.Module):
    """core/train/networks.cpp DcganDiscriminatorImpl at 32 px with BatchNorm, layer for layer."""

    def __init__(self, channels=1, width=64, num_classes=10, resolution=32):
        super().__init__()
        layers, cin, cout, size = [], channels, width, resolution
        while size > 4:
            norm = cin != channels  # no normalisation on the first layer
            layers.append(nn.Conv2d(cin, cout, 4, 2, 1, bias=not norm))
            if norm:
                layers.append(nn.BatchNorm2d(cout))
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            cin, cout, size = cout, cout * 2, size // 2
        self.features = nn.Sequential(*layers)
        self.out = nn.Linear(cin, 1)
        self.embed = nn.Embedding(num_classes, cin)

    def forward(self, x, y):
        phi = self.features(x).sum((2, 3))
        return self.out(phi).squeeze(1) + (self.embed(y) * phi).sum(1)


def init_weights(module, gen):
    """initWeights() in networks.cpp: conv N(0, .02), BN N(1, .02), linear He, embedding N(0, .02)."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
                m.weight.normal_(0.0, 0.02, generator=gen)
                if m.bias is not None:
                    m.bias.zero_()
            elif isinstance(m, nn.Linear):
                m.weight.normal_(0.0, (2.0 / m.weight.size(1)) ** 0.5, generator=gen)
                m.bias.zero_()
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.normal_(1.0, 0.02, generator=gen)
                m.bias.zero_()
            elif isinstance(m, nn.Embedding):
                m.weight.normal_(0.0, 0.02, generator=gen)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return torch.frombuffer(bytearray(data[4 + 4 * rank:]), dtype=torch.uint8).view(*dims)


def grad_norm(params):
    total = 0.0
    for p in params:
        if p.grad is not None:
            total += p.grad.pow(2).sum().item()
    return total ** 0.5


def ema_update(ema, g, step):
    """The EMA of G's weights with TrainingSession's warm-up; G's BatchNorm buffers copied."""
    with torch.no_grad():
        decay = min(0.999, (1.0 + step) / (10.0 + step))
        for pe, pg in zip(ema.parameters(), g.parameters()):
            pe.mul_(decay).add_(pg, alpha=1.0 - decay)
        for be, bg in zip(ema.buffers(), g.buffers()):
            be.copy_(bg)


def python_images_per_sec(data_dir, steps, batch, threads, seed=0):
    torch.set_num_threads(threads)
    images = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz")).unsqueeze(1)
    labels = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")).long()
    config = {"latent_size": 100, "resolution": 32, "channels": 1, "base_width": 64,
              "class_names": CLASSES, "embedding_size": 0}
    g, ema, d = DCGANGenerator(config), DCGANGenerator(config), ProjectionD()
    init_weights(g, torch.Generator().manual_seed(seed + 1))
    init_weights(d, torch.Generator().manual_seed(seed + 2))
    ema.load_state_dict(g.state_dict())
    ema.eval()
    for p in ema.parameters():
        p.requires_grad_(False)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    per_epoch = images.size(0) // batch
    order_gen = torch.Generator().manual_seed(seed + 4)
    perm, perm_epoch = None, -1
    times = []
    start = time.perf_counter()
    for step in range(steps):
        noise = torch.Generator().manual_seed(seed * 1000003 + step)
        epoch = step // per_epoch
        if epoch != perm_epoch:
            perm, perm_epoch = torch.randperm(images.size(0), generator=order_gen), epoch
        idx = perm[(step % per_epoch) * batch:(step % per_epoch + 1) * batch]
        real = F.pad(images.index_select(0, idx).float().div_(127.5).sub_(1.0), (2, 2, 2, 2),
                     value=-1.0)
        y = labels.index_select(0, idx)
        z = torch.randn(batch, 100, generator=noise)
        torch.rand(batch, generator=noise)  # alpha: drawn always, as in session.cpp
        with torch.no_grad():
            fake = g(z, y)
        r, f = d(real, y), d(fake, y)
        loss = F.softplus(-r).mean() + F.softplus(f).mean()
        loss.item()
        opt_d.zero_grad()
        loss.backward()
        grad_norm(d.parameters())
        opt_d.step()
        r.mean().item()
        f.mean().item()

        z = torch.randn(batch, 100, generator=noise)
        c = torch.randint(0, 10, (batch,), generator=noise)
        g_loss = F.softplus(-d(g(z, c), c)).mean()
        g_loss.item()
        opt_g.zero_grad()
        g_loss.backward()
        grad_norm(g.parameters())
        opt_g.step()
        ema_update(ema, g, step)
        if (step + 1) % LOG_EVERY == 0:
            for p in list(g.parameters()) + list(d.parameters()):
                bool(torch.isfinite(p).all())
            times.append(time.perf_counter() - start)
    # As for metrics.csv: from the end of the first logged interval to the end.
    return (len(times) - 1) * LOG_EVERY * batch / (times[-1] - times[0])


def cpp_images_per_sec(latent, steps, batch, threads):
    """`latent train` reads Fashion-MNIST from its default folder (core/train/dataset.h)."""
    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run")
        subprocess.run([latent, "train", "--data", "fashion-mnist", "--conditional",
                        "--steps", str(steps), "--batch", str(batch), "--threads", str(threads),
                        "--log-every", str(LOG_EVERY), "--sample-every", "0",
                        "--checkpoint-every", "0", "--quality-every", "0", "--out", run],
                       check=True, capture_output=True, text=True)
        with open(os.path.join(run, "metrics.csv")) as f:
            rows = list(csv.DictReader(f))
    first, last = rows[0], rows[-1]
    images = int(last["images_seen"]) - int(first["images_seen"])
    return images / (float(last["wall_time_s"]) - float(first["wall_time_s"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--latent", default=os.path.join(HERE, "..", "build", "app", "latent"))
    ap.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if args.steps < 2 * LOG_EVERY:
        ap.error(f"--steps must be at least {2 * LOG_EVERY}")

    cpp = cpp_images_per_sec(args.latent, args.steps, args.batch, args.threads)
    py = python_images_per_sec(args.data_dir, args.steps, args.batch, args.threads)
    print(f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']} for the Python peer; "
          f"torch {torch.__version__}, CPU, {args.threads} threads")
    print(f"conditional DCGAN-32 on Fashion-MNIST, ns loss, batch {args.batch}, "
          f"{args.steps} steps (first {LOG_EVERY} left out)")
    print(f"{'C++ img/s':>10} {'Python img/s':>13} {'C++/Python':>10}")
    print(f"{cpp:10.1f} {py:13.1f} {cpp / py:10.2f}")


if __name__ == "__main__":
    main()
