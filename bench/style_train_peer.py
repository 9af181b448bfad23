#!/usr/bin/env python3
"""Style-based training throughput: `latent train --data faces` (C++) against the same loop in Python.

The face model's configuration (the style-based generator and residual discriminator at 64 px,
widths 64, z = w = 128, 4 mapping layers, batch 32, Adam 0.0025 / (0, 0.99), lazy R1 every 16
steps, style mixing 0.9, per-pixel noise, EMA) runs for --steps steps in `latent train`; images/s
comes from its metrics.csv over the rows after the first (the first holds the warm-up). Then the
same networks and loop run in Python PyTorch eager, in this script, at the same thread count:
StyleG and StyleD below are twins of core/model/stylegan.cpp and core/train/stylediscriminator.cpp
(the same layers, shapes and formulation: modulation of the input channels, one convolution for the
batch, demodulation of the output channels; bilinear x2; skip toRGB; residual D with minibatch std),
and each step does what TrainingSession::step() does, item() synchronisations included:

  D step: fake = G(z) without grad (style mixing, random per-pixel noise, w_avg update);
          softplus(-D(real)) + softplus(D(fake)); every 16th step + 8 * gamma * R1 on reals;
          loss.item(); backward; global grad norm; Adam; the mean D outputs.
  G step: softplus(-D(G(z))); item; backward; grad norm; Adam; EMA (StyleGAN2's half-life with
          ramp-up); every 10 steps the weights' finiteness check.

One difference stays: `latent` draws the faces on its prefetch thread while the step trains, the
peer takes batches from a pool of random images prepared before timing (drawing them is no part of
what is compared). Prints images/s of both and the ratio (C++ / Python: above 1, C++ is faster).

    /usr/bin/python3 bench/style_train_peer.py --latent build/app/latent --steps 60 --threads 2
"""

import argparse
import csv
import math
import os
import subprocess
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `latent` sets it (see forward_peer.py)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

LOG_EVERY = 10
R1_INTERVAL = 16
SQRT2 = math.sqrt(2.0)


def act(x):
    return F.leaky_relu(x, 0.2) * SQRT2


def up2(x):
    return F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)


def channels(base, most, r):
    return max(1, min(base // r, most))


class EqualLinear(nn.Module):
    def __init__(self, n_in, n_out, lr_mul=1.0, bias_init=0.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) / lr_mul)
        self.bias = nn.Parameter(torch.full((n_out,), bias_init / lr_mul))
        self.gain = lr_mul / math.sqrt(n_in)
        self.lr_mul = lr_mul

    def forward(self, x):
        return torch.addmm(self.bias * self.lr_mul, x, (self.weight * self.gain).t())


class EqualConv(nn.Module):
    def __init__(self, n_in, n_out, kernel, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in, kernel, kernel))
        self.bias = nn.Parameter(torch.zeros(n_out)) if bias else None
        self.gain = 1.0 / math.sqrt(n_in * kernel * kernel)
        self.pad = kernel // 2

    def forward(self, x):
        return F.conv2d(x, self.weight * self.gain, self.bias, padding=self.pad)


class ModConv(nn.Module):
    def __init__(self, n_in, n_out, kernel, w_size, resolution, up=False, to_rgb=False):
        super().__init__()
        self.affine = EqualLinear(w_size, n_in, 1.0, 1.0)
        self.weight = nn.Parameter(torch.randn(n_out, n_in, kernel, kernel))
        self.bias = nn.Parameter(torch.zeros(n_out))
        self.up, self.to_rgb, self.n_in, self.n_out = up, to_rgb, n_in, n_out
        self.gain = 1.0 / math.sqrt(n_in * kernel * kernel)
        self.pad = kernel // 2
        self.resolution = resolution
        if not to_rgb:
            self.noise_strength = nn.Parameter(torch.zeros([]))

    def forward(self, x, w, noise_gen):
        n = x.size(0)
        styles = self.affine(w)
        if self.to_rgb:
            styles = styles * self.gain
        kernel = self.weight if self.to_rgb else self.weight * self.gain
        x = x * styles.view(n, self.n_in, 1, 1)
        if self.up:
            x = up2(x)
        x = F.conv2d(x, kernel, padding=self.pad)
        if self.to_rgb:
            return x + self.bias.view(1, -1, 1, 1)
        energy = kernel.pow(2).sum([2, 3])
        d = torch.rsqrt(styles.pow(2).mm(energy.t()) + 1e-8)
        x = x * d.view(n, self.n_out, 1, 1)
        r = self.resolution
        x = x + torch.randn(n, 1, r, r, generator=noise_gen) * self.noise_strength
        return act(x + self.bias.view(1, -1, 1, 1))


class StyleG(nn.Module):
    def __init__(self, z_size=128, w_size=128, mapping_layers=4, resolution=64, colour=3,
                 base=2048, most=64):
        super().__init__()
        self.fcs = nn.ModuleList(EqualLinear(z_size if i == 0 else w_size, w_size, 0.01)
                                 for i in range(mapping_layers))
        self.register_buffer("w_avg", torch.zeros(w_size))
        self.blocks = nn.ModuleList()
        self.num_ws = 2 * int(math.log2(resolution)) - 2
        r = 4
        while r <= resolution:
            out = channels(base, most, r)
            block = nn.Module()
            if r == 4:
                block.const = nn.Parameter(torch.randn(out, 4, 4))
            else:
                block.conv0 = ModConv(channels(base, most, r // 2), out, 3, w_size, r, up=True)
            block.conv1 = ModConv(out, out, 3, w_size, r)
            block.torgb = ModConv(out, colour, 1, w_size, r, to_rgb=True)
            self.blocks.append(block)
            r *= 2

    def mapping(self, z):
        x = z * torch.rsqrt(z.pow(2).mean(1, keepdim=True) + 1e-8)
        for fc in self.fcs:
            x = act(fc(x))
        return x.unsqueeze(1).repeat(1, self.num_ws, 1)

    def synthesis(self, ws, noise_gen):
        x = image = None
        i = 0
        for k, block in enumerate(self.blocks):
            if k == 0:
                x = block.const.unsqueeze(0).expand(ws.size(0), -1, -1, -1)
            else:
                x = block.conv0(x, ws[:, i], noise_gen)
                i += 1
            x = block.conv1(x, ws[:, i], noise_gen)
            i += 1
            rgb = block.torgb(x, ws[:, i], noise_gen)
            image = rgb if image is None else up2(image) + rgb
        return image


class StyleD(nn.Module):
    def __init__(self, resolution=64, colour=3, base=2048, most=64):
        super().__init__()
        self.fromrgb = EqualConv(colour, channels(base, most, resolution), 1)
        self.blocks = nn.ModuleList()
        r = resolution
        while r > 4:
            block = nn.Module()
            block.conv0 = EqualConv(channels(base, most, r), channels(base, most, r), 3)
            block.conv1 = EqualConv(channels(base, most, r), channels(base, most, r // 2), 3)
            block.skip = EqualConv(channels(base, most, r), channels(base, most, r // 2), 1, False)
            self.blocks.append(block)
            r //= 2
        c4 = channels(base, most, 4)
        self.conv = EqualConv(c4 + 1, c4, 3)
        self.fc = EqualLinear(c4 * 16, c4)
        self.out = EqualLinear(c4, 1)

    def forward(self, x):
        x = act(self.fromrgb(x))
        for b in self.blocks:
            skip = b.skip(F.avg_pool2d(x, 2))
            x = act(b.conv0(x))
            x = act(b.conv1(F.avg_pool2d(x, 2)))
            x = (x + skip) * math.sqrt(0.5)
        n, c, h, w = x.shape
        g = min(4, n)
        y = x.view(n // g, g, c, h, w)
        y = (y - y.mean(1, keepdim=True)).pow(2).mean(1)
        y = (y + 1e-8).sqrt().mean([1, 2, 3])
        y = y.view(n // g, 1, 1, 1, 1).expand(n // g, g, 1, h, w).reshape(n, 1, h, w)
        x = act(self.conv(torch.cat([x, y], 1)))
        return self.out(act(self.fc(x.flatten(1)))).view(-1)


def grad_norm(params):
    total = 0.0
    for p in params:
        if p.grad is not None:
            total += p.grad.pow(2).sum().item()
    return total ** 0.5


def generate(g, z, noise_gen, batch, z_size):
    ws = g.mapping(z)
    with torch.no_grad():
        g.w_avg.lerp_(ws[:, 0].mean(0), 1.0 - 0.995)
    cutoff = int(torch.randint(1, ws.size(1), (1,), generator=noise_gen))
    mix = float(torch.rand(1, generator=noise_gen)) < 0.9
    z2 = torch.randn(batch, z_size, generator=noise_gen)
    if mix:
        ws = torch.cat([ws[:, :cutoff], g.mapping(z2)[:, cutoff:]], 1)
    return g.synthesis(ws, noise_gen)


def python_images_per_sec(steps, batch, threads, width, resolution, seed=0):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    base = 32 * width
    g = StyleG(resolution=resolution, base=base, most=width)
    ema = StyleG(resolution=resolution, base=base, most=width)
    d = StyleD(resolution=resolution, base=base, most=width)
    ema.load_state_dict(g.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)
    opt_g = torch.optim.Adam(g.parameters(), lr=0.0025, betas=(0.0, 0.99), eps=1e-8)
    opt_d = torch.optim.Adam(d.parameters(), lr=0.0025, betas=(0.0, 0.99), eps=1e-8)
    gamma = 0.0002 * resolution * resolution / batch
    pool = torch.rand(256, 3, resolution, resolution) * 2 - 1
    times = []
    seen = 0
    start = time.perf_counter()
    for step in range(steps):
        noise = torch.Generator().manual_seed(seed * 1000003 + step)
        step_noise = torch.Generator().manual_seed(seed * 1000003 + step + 7)
        real = pool.index_select(0, torch.randint(0, pool.size(0), (batch,), generator=noise))
        z = torch.randn(batch, 128, generator=noise)
        torch.rand(batch, generator=noise)  # alpha: drawn always, as in the session
        with torch.no_grad():
            fake = generate(g, z, step_noise, batch, 128)
        r1_now = step % R1_INTERVAL == 0
        if r1_now:
            real.requires_grad_(True)
        r, f = d(real), d(fake)
        loss = F.softplus(-r).mean() + F.softplus(f).mean()
        if r1_now:
            grad, = torch.autograd.grad(r.sum(), real, create_graph=True)
            loss = loss + 0.5 * gamma * R1_INTERVAL * grad.pow(2).flatten(1).sum(1).mean()
        figures = torch.stack([loss.detach(), r.detach().mean(), f.detach().mean(),
                               r.detach().sign().mean()]).double()
        opt_d.zero_grad()
        loss.backward()
        figures.tolist()
        grad_norm(d.parameters())
        opt_d.step()
        seen += batch

        z = torch.randn(batch, 128, generator=noise)
        g_loss = F.softplus(-d(generate(g, z, step_noise, batch, 128))).mean()
        opt_g.zero_grad()
        g_loss.backward()
        g_loss.item()
        grad_norm(g.parameters())
        opt_g.step()
        with torch.no_grad():
            half_life = min(10000.0, 0.05 * seen)
            beta = 0.5 ** (batch / max(half_life, 1e-8))
            for pe, pg in zip(ema.parameters(), g.parameters()):
                pe.mul_(beta).add_(pg, alpha=1.0 - beta)
            for be, bg in zip(ema.buffers(), g.buffers()):
                be.copy_(bg)
        if (step + 1) % LOG_EVERY == 0:
            for p in list(g.parameters()) + list(d.parameters()):
                bool(torch.isfinite(p).all())
            times.append(time.perf_counter() - start)
    return (len(times) - 1) * LOG_EVERY * batch / (times[-1] - times[0])


def cpp_images_per_sec(latent, steps, batch, threads, width, resolution):
    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run")
        subprocess.run([latent, "train", "--data", "faces", "--arch", "style",
                        "--resolution", str(resolution), "--batch", str(batch),
                        "--g-width", str(width), "--d-width", str(width),
                        "--steps", str(steps), "--threads", str(threads),
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
    ap.add_argument("--latent", default=os.path.join(os.path.dirname(__file__), "..", "build",
                                                     "app", "latent"))
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--resolution", type=int, default=64)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if args.steps < 2 * LOG_EVERY:
        ap.error(f"--steps must be at least {2 * LOG_EVERY}")

    cpp = cpp_images_per_sec(args.latent, args.steps, args.batch, args.threads, args.width,
                             args.resolution)
    py = python_images_per_sec(args.steps, args.batch, args.threads, args.width,
                               args.resolution)
    print(f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']} for the Python peer; "
          f"torch {torch.__version__}, CPU, {args.threads} threads")
    print(f"style-based G and D at {args.resolution} px, widths {args.width}, batch {args.batch}, "
          f"{args.steps} steps (first {LOG_EVERY} left out), R1 every {R1_INTERVAL}")
    print(f"{'C++ img/s':>10} {'Python img/s':>13} {'C++/Python':>10}")
    print(f"{cpp:10.1f} {py:13.1f} {cpp / py:10.2f}")


if __name__ == "__main__":
    main()
