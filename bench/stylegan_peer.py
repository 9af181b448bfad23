#!/usr/bin/env python3
"""StyleGAN2 at 256 px: `latent bench` (C++, LibTorch, the converted archive) against Python eager.

Builds a StyleGAN2-class generator with random weights — the test fixture's fake StyleGAN2
(tests/fixtures/stylegan_repo) with StyleGAN2 config-f's channel schedule (channel base 32768,
at most 512 channels, 8 mapping layers, fp16 in the top 4 resolutions) — pickles it as NVIDIA's
training loop does, converts it with tools/export_torchscript.py --stylegan, then in this one
script and at the same thread counts times:

  C++      `latent bench ARCHIVE --json`: forward at batch 1 and --batch, slider-to-image latency
           through the Renderer (full frames, and with the drag preview when the model has one)
  eager    the original network in Python PyTorch as its users run it: G.synthesis(G.mapping(z),
           noise_mode='const', force_fp32=True) (StyleGAN2's fused modulated convolution)
  script   the converted archive run from Python (same formulation as C++, Python's runtime)

With --nvidia-repo DIR (a checkout of NVlabs/stylegan2-ada-pytorch) it measures NVIDIA's own
generator too, in its paper256 configuration. Ratios are C++ time / eager time (below 1: C++ is
faster; the target is at most 0.5).

    /usr/bin/python3 bench/stylegan_peer.py --latent build/app/latent --threads 1 2
    /usr/bin/python3 bench/stylegan_peer.py --nvidia-repo ~/stylegan2-ada-pytorch --threads 2
    /usr/bin/python3 bench/stylegan_peer.py --device cuda --resolution 1024 --batch 16
"""

import argparse
import contextlib
import copy
import io
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `latent` sets it (see forward_peer.py)

import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures", "stylegan_repo"))

import stylegan_convert  # noqa: E402


def fake_config_f(resolution):
    from fakegan.common import look_trained  # noqa: PLC0415
    from fakegan.networks2 import Generator  # noqa: PLC0415

    torch.manual_seed(0)
    G = Generator(512, 0, 512, resolution, 3, mapping_kwargs={"num_layers": 8},
                  channel_base=32768, channel_max=512, num_fp16_res=4).eval()
    look_trained(G, 0)
    return G


def nvidia_paper256(repo):
    sys.path.insert(0, repo)
    from training.networks import Generator  # noqa: PLC0415 - the user's NVIDIA checkout

    torch.manual_seed(0)
    G = Generator(z_dim=512, c_dim=0, w_dim=512, img_resolution=256, img_channels=3,
                  mapping_kwargs={"num_layers": 8},
                  synthesis_kwargs={"channel_base": 16384, "channel_max": 512,
                                    "num_fp16_res": 4, "conv_clamp": 256}).eval()
    with torch.no_grad():  # as trained: a w_avg and noise that matter
        G.mapping.w_avg.normal_(0, 0.5)
        for name, p in G.named_parameters():
            if name.endswith("noise_strength"):
                p.fill_(0.1)
    return G


def median_ms(fn, iterations, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iterations):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000.0)
    return statistics.median(times)


def sync(device):
    if device == "cuda":
        torch.cuda.synchronize()


def python_ms(G, archive, batch, iterations, threads, device):
    """(eager ms/image, scripted archive ms/image) at this batch size."""
    torch.set_num_threads(threads)
    z = torch.randn(batch, G.z_dim, generator=torch.Generator().manual_seed(1)).to(device)
    c = torch.zeros(batch, 0, device=device)
    with torch.inference_mode():
        def eager():
            G.synthesis(G.mapping(z, c), noise_mode="const", force_fp32=True)
            sync(device)

        def scripted():
            archive(z)
            sync(device)

        return (median_ms(eager, iterations) / batch, median_ms(scripted, iterations) / batch)


def cpp_bench(latent, archive, threads, iterations, batch, device):
    cmd = [latent, "bench", archive, "--json", "--device", device, "--threads", str(threads),
           "--iterations", str(iterations), "--batch", str(batch)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def run(name, G, args, tmp):
    slug = "".join(ch if ch.isalnum() else "_" for ch in name)
    pkl = os.path.join(tmp, slug + ".pkl")
    archive = os.path.join(tmp, slug + ".pt")
    with open(pkl, "wb") as f:
        pickle.dump({"G": G, "D": torch.nn.Identity(), "G_ema": G}, f)
    with contextlib.redirect_stderr(io.StringIO()):
        _, meta, diff = stylegan_convert.convert(pkl, archive)
    params = sum(p.numel() for p in G.parameters()) / 1e6
    print(f"\n{name}: {meta['resolution']} px, {params:.1f} M parameters, {meta['num_ws']} style "
          f"layers; archive matches the network within {diff:.1e}")
    G = copy.deepcopy(G).to(args.device)
    scripted = torch.jit.load(archive, map_location=args.device).eval()
    print(f"{'threads':>7} | {'C++ b1':>8} {'eager b1':>8} {'script':>8} {'C++/eager':>9} | "
          f"{'C++ b' + str(args.batch):>8} {'eager':>8} {'C++/eager':>9} | "
          f"{'slider':>7} {'p95':>7} {'preview':>7}   (ms, per image)")
    for threads in args.threads:
        cpp = cpp_bench(args.latent, archive, threads, args.iterations, args.batch, args.device)
        e1, s1 = python_ms(G, scripted, 1, args.iterations, threads, args.device)
        eb, _ = python_ms(G, scripted, args.batch, max(3, args.iterations // 4), threads, args.device)
        b1, bb = cpp["forward_ms_b1"], cpp["forward_ms_batch_per_image"]
        preview = cpp.get("render_latency_ms_median_preview")
        print(f"{threads:>7} | {b1:8.1f} {e1:8.1f} {s1:8.1f} {b1 / e1:9.2f} | "
              f"{bb:8.1f} {eb:8.1f} {bb / eb:9.2f} | {cpp['render_latency_ms_median']:7.1f} "
              f"{cpp['render_latency_ms_p95']:7.1f} "
              f"{preview if preview is None else round(preview, 1)!s:>7}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--latent", default=os.path.join(ROOT, "build", "app", "latent"))
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--resolution", type=int, default=256)
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    ap.add_argument("--nvidia-repo", help="also bench NVIDIA's SG2-ADA paper256 generator")
    ap.add_argument("--skip-fake", action="store_true", help="only NVIDIA's generator")
    args = ap.parse_args()
    print(f"torch {torch.__version__}, {args.device}, OPENBLAS_NUM_THREADS="
          f"{os.environ['OPENBLAS_NUM_THREADS']}, {args.iterations} iterations")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_fake:
            run(f"fake StyleGAN2 config-f {args.resolution}", fake_config_f(args.resolution), args, tmp)
        if args.nvidia_repo:
            run("NVIDIA SG2-ADA paper256", nvidia_paper256(args.nvidia_repo), args, tmp)


if __name__ == "__main__":
    main()
