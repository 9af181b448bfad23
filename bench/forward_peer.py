#!/usr/bin/env python3
"""Generator forward time: `latent bench` (C++, LibTorch) against Python PyTorch eager, same model.

Writes one DCGAN model file, has `latent bench --json` measure it, then loads the exact same weights
into tools/dcgan.py and times the same forward in Python, at the same thread count, in this one
script. Prints a table of figures and ratios (Python time / C++ time: above 1 means C++ is faster).

    /usr/bin/python3 bench/forward_peer.py --latent build/app/latent --resolution 64 --threads 1 2
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

# The peer gets what `latent` does at start-up (runtime::configureThreads): OpenBLAS single-threaded
# under torch's own threads. Left at its default, OpenBLAS's threads oversubscribe a 2-core machine
# and Python's batch-1 forward at 2 threads is ~20x slower, which would flatter the C++ side.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from dcgan import DCGANGenerator  # noqa: E402
from latentfile import load_dcgan, save_dcgan  # noqa: E402


def write_model(path, resolution, base_width, latent_size, channels):
    metadata = {
        "format_version": 1,
        "name": f"bench DCGAN-{resolution}",
        "architecture": "dcgan",
        "latent_size": latent_size,
        "resolution": resolution,
        "channels": channels,
        "base_width": base_width,
        "embedding_size": 0,
        "class_names": [],
        "training_data": "",
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    torch.manual_seed(0)
    g = DCGANGenerator(metadata)
    for m in g.modules():  # DCGAN init, so activations look like a trained model's
        if isinstance(m, torch.nn.ConvTranspose2d):
            torch.nn.init.normal_(m.weight, 0.0, 0.02)
        elif isinstance(m, torch.nn.BatchNorm2d):
            torch.nn.init.normal_(m.weight, 1.0, 0.02)
            torch.nn.init.zeros_(m.bias)
    save_dcgan(path, g, metadata)


def python_forward_ms(model_path, batch, iterations, threads):
    torch.set_num_threads(threads)
    g = load_dcgan(model_path)
    z = torch.randn(batch, g.latent_size, generator=torch.Generator().manual_seed(0))
    with torch.inference_mode():
        for _ in range(3):
            g(z)
        times = []
        for _ in range(iterations):
            t = time.perf_counter()
            g(z)
            times.append((time.perf_counter() - t) * 1000.0)
    return statistics.median(times) / batch


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--latent", default=os.path.join(HERE, "..", "build", "app", "latent"))
    ap.add_argument("--resolution", type=int, default=64)
    ap.add_argument("--base-width", type=int, default=64)
    ap.add_argument("--latent-size", type=int, default=100)
    ap.add_argument("--channels", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--iterations", type=int, default=200)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "bench.ltm")
        write_model(model, args.resolution, args.base_width, args.latent_size, args.channels)
        rows = []
        for threads in args.threads:
            out = subprocess.run([args.latent, "bench", model, "--json", "--device", "cpu",
                                  "--threads", str(threads), "--iterations", str(args.iterations)],
                                 check=True, capture_output=True, text=True).stdout
            cpp = json.loads(out)
            py_b1 = python_forward_ms(model, 1, args.iterations, threads)
            py_b64 = python_forward_ms(model, 64, max(3, args.iterations // 10), threads)
            rows.append((threads, cpp, py_b1, py_b64))

    print(f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']} for the Python peer")
    print(f"DCGAN-{args.resolution} (base width {args.base_width}, z {args.latent_size}, "
          f"{args.channels} channels), torch {torch.__version__}, CPU")
    print(f"{'threads':>7} | {'C++ b1 ms':>9} {'Py b1 ms':>9} {'Py/C++':>6} | "
          f"{'C++ b64 ms/img':>14} {'Py b64 ms/img':>13} {'Py/C++':>6} | "
          f"{'render med':>10} {'p95':>6} {'med/fwd':>7}")
    for threads, cpp, py_b1, py_b64 in rows:
        b1, b64 = cpp["forward_ms_b1"], cpp["forward_ms_batch_per_image"]
        med, p95 = cpp["render_latency_ms_median"], cpp["render_latency_ms_p95"]
        print(f"{threads:>7} | {b1:9.3f} {py_b1:9.3f} {py_b1 / b1:6.2f} | "
              f"{b64:14.3f} {py_b64:13.3f} {py_b64 / b64:6.2f} | "
              f"{med:10.3f} {p95:6.3f} {med / b1:7.2f}")


if __name__ == "__main__":
    main()
