#!/usr/bin/env python3
"""Data-parallel training throughput: `latent train --nproc N` against PyTorch's
DistributedDataParallel on the same model and loop, in one script.

Four runs of the default Fashion-MNIST recipe (conditional DCGAN-32, ns loss, global batch 64,
Adam 2e-4 / (0.5, 0.999), EMA), each for --steps steps, with N x threads = the machine's cores:

  latent, 1 process x cores threads      `latent train`            (images/s from metrics.csv)
  latent, N processes x cores/N threads  `latent train --nproc N`  (and its "collectives:" line)
  Python, 1 process x cores threads      bench/train_peer.py's loop
  Python, N processes x cores/N threads  the same loop under DistributedDataParallel (Gloo); each
                                         rank takes its rows of the global batch

Differences left: PyTorch 1.13's SyncBatchNorm runs on CUDA only, so the Python ranks normalise by
their own rows (DDP's default: rank 0's BatchNorm buffers broadcast each step); `latent` sums the
statistics over the ranks (one more small allreduce per BatchNorm layer, forward and backward).

Also prints Gloo's allreduce bandwidth for the gradient bucket size (25 MB) and for the model's
gradients, measured with torch.distributed, and what the split of a step into compute and
communication says about more ranks (docs/distributed.md reads these figures).

    /usr/bin/python3 bench/distributed_peer.py --latent build/app/latent --steps 60 --nproc 2
"""

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import torch.multiprocessing as mp  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import train_peer  # noqa: E402
from dcgan import DCGANGenerator  # noqa: E402

LOG_EVERY = 10


def latent_run(latent, steps, batch, nproc, threads):
    """images/s over the rows after the first, and the collectives line (or "")."""
    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run")
        cmd = [latent, "train", "--data", "fashion-mnist", "--conditional", "--steps", str(steps),
               "--batch", str(batch), "--threads", str(threads), "--log-every", str(LOG_EVERY),
               "--sample-every", "0", "--checkpoint-every", "0", "--quality-every", "0",
               "--out", run]
        if nproc > 1:
            cmd += ["--nproc", str(nproc)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        with open(os.path.join(run, "metrics.csv")) as f:
            rows = list(csv.DictReader(f))
    first, last = rows[0], rows[-1]
    images = int(last["images_seen"]) - int(first["images_seen"])
    rate = images / (float(last["wall_time_s"]) - float(first["wall_time_s"]))
    line = next((l for l in out.splitlines() if l.startswith("collectives:")), "")
    return rate, line


def ddp_rank(rank, nproc, store, data_dir, steps, batch, threads, result):
    """bench/train_peer.py's loop on rank `rank` of `nproc`, gradients averaged by DDP."""
    torch.set_num_threads(threads)
    dist.init_process_group("gloo", init_method="file://" + store, rank=rank, world_size=nproc)
    images = train_peer.read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz")).unsqueeze(1)
    labels = train_peer.read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")).long()
    config = {"latent_size": 100, "resolution": 32, "channels": 1, "base_width": 64,
              "class_names": train_peer.CLASSES, "embedding_size": 0}
    g, ema, d = DCGANGenerator(config), DCGANGenerator(config), train_peer.ProjectionD()
    train_peer.init_weights(g, torch.Generator().manual_seed(1))
    train_peer.init_weights(d, torch.Generator().manual_seed(2))
    ema.load_state_dict(g.state_dict())
    gd = torch.nn.parallel.DistributedDataParallel(g)
    # D runs twice per step (real, fake): its BatchNorm buffers are not broadcast between the calls
    # (they are not used in training mode anyway).
    dd = torch.nn.parallel.DistributedDataParallel(d, broadcast_buffers=False)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    share = batch // nproc
    rows = slice(rank * share, (rank + 1) * share)
    per_epoch = images.size(0) // batch
    order = torch.randperm(images.size(0), generator=torch.Generator().manual_seed(4))
    times = []
    start = time.perf_counter()
    for step in range(steps):
        noise = torch.Generator().manual_seed(1000003 + step)
        idx = order[(step % per_epoch) * batch:(step % per_epoch + 1) * batch][rows]
        real = F.pad(images.index_select(0, idx).float().div_(127.5).sub_(1.0), (2, 2, 2, 2),
                     value=-1.0)
        y = labels.index_select(0, idx)
        z = torch.randn(batch, 100, generator=noise)[rows]
        torch.rand(batch, generator=noise)
        with torch.no_grad():
            fake = g(z, y)
        r, f = dd(real, y), dd(fake, y)
        loss = F.softplus(-r).mean() + F.softplus(f).mean()
        opt_d.zero_grad()
        loss.backward()
        figures = torch.stack([loss.detach(), r.detach().mean(), f.detach().mean()])
        dist.all_reduce(figures)
        figures.tolist()
        train_peer.grad_norm(d.parameters())
        opt_d.step()
        z = torch.randn(batch, 100, generator=noise)[rows]
        c = torch.randint(0, 10, (batch,), generator=noise)[rows]
        g_loss = F.softplus(-d(gd(z, c), c)).mean()
        opt_g.zero_grad()
        g_loss.backward()
        g_figure = g_loss.detach().reshape(1)
        dist.all_reduce(g_figure)
        g_figure.item()
        train_peer.grad_norm(g.parameters())
        opt_g.step()
        train_peer.ema_update(ema, g, step)
        stop = torch.zeros(1)
        dist.all_reduce(stop)  # latent's agreed stop, one tiny allreduce per step
        if (step + 1) % LOG_EVERY == 0:
            times.append(time.perf_counter() - start)
    if rank == 0:
        result.put((len(times) - 1) * LOG_EVERY * batch / (times[-1] - times[0]))
    dist.destroy_process_group()


def run_ranks(target, nproc, *args):
    """Runs target(rank, nproc, store, *args, queue) on nproc processes; returns what rank 0 put."""
    with tempfile.TemporaryDirectory() as tmp:
        ctx = mp.get_context("spawn")
        result = ctx.Queue()
        store = os.path.join(tmp, "store")
        procs = [ctx.Process(target=target, args=(r, nproc, store, *args, result))
                 for r in range(nproc)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        if any(p.exitcode != 0 for p in procs):
            sys.exit(f"a rank of {target.__name__} failed (its traceback is above)")
        return result.get()


def bandwidth_rank(rank, nproc, store, sizes, result):
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method="file://" + store, rank=rank, world_size=nproc)
    out = {}
    for size in sizes:
        t = torch.ones(size // 4)
        dist.all_reduce(t)  # warm-up
        n = 10
        start = time.perf_counter()
        for _ in range(n):
            dist.all_reduce(t)
        out[size] = size * n / (time.perf_counter() - start) / 1e6
    if rank == 0:
        result.put(out)
    dist.destroy_process_group()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--latent", default=os.path.join(HERE, "..", "build", "app", "latent"))
    ap.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--nproc", type=int, default=2)
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    per_rank = max(1, cores // args.nproc)
    if args.steps < 2 * LOG_EVERY:
        ap.error(f"--steps must be at least {2 * LOG_EVERY}")

    c1, _ = latent_run(args.latent, args.steps, args.batch, 1, cores)
    cn, line = latent_run(args.latent, args.steps, args.batch, args.nproc, per_rank)
    p1 = train_peer.python_images_per_sec(args.data_dir, args.steps, args.batch, cores)
    pn = run_ranks(ddp_rank, args.nproc, args.data_dir, args.steps, args.batch, per_rank)
    g = DCGANGenerator({"latent_size": 100, "resolution": 32, "channels": 1, "base_width": 64,
                        "class_names": train_peer.CLASSES, "embedding_size": 0})
    grad_bytes = 4 * (sum(p.numel() for p in g.parameters()) +
                      sum(p.numel() for p in train_peer.ProjectionD().parameters()))
    bw = run_ranks(bandwidth_rank, args.nproc, [grad_bytes, 25 << 20])

    print(f"torch {torch.__version__}, CPU, {cores} cores; conditional DCGAN-32 on Fashion-MNIST, "
          f"global batch {args.batch}, {args.steps} steps (first {LOG_EVERY} left out)")
    print(f"{'':28}{'latent img/s':>13}{'PyTorch img/s':>15}{'latent/PyTorch':>16}")
    print(f"{'1 process x %d threads' % cores:28}{c1:13.1f}{p1:15.1f}{c1 / p1:16.2f}")
    print(f"{'%d processes x %d threads' % (args.nproc, per_rank):28}{cn:13.1f}{pn:15.1f}"
          f"{cn / pn:16.2f}")
    print(f"{args.nproc} processes / 1 process: latent {cn / c1:.2f}, PyTorch {pn / p1:.2f}")
    if line:
        print("latent " + line)
    print(f"Gloo allreduce over {args.nproc} processes: "
          + ", ".join(f"{size / 1e6:.1f} MB at {rate:.0f} MB/s" for size, rate in bw.items())
          + f" (G + D gradients: {grad_bytes / 1e6:.1f} MB)")
    m = re.search(r"collectives: ([\d.]+) ms of ([\d.]+) ms per step", line)
    if m:
        comm, step = float(m.group(1)), float(m.group(2))
        print(f"a latent step: {step - comm:.1f} ms computing, {comm:.1f} ms in collectives "
              f"({100 * comm / step:.0f}%)")


if __name__ == "__main__":
    main()
