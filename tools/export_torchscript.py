#!/usr/bin/env python3
"""Export a PyTorch generator as a TorchScript archive that Latent Studio can open.

NVIDIA StyleGAN2-ADA / StyleGAN3 pickles convert in one command (stylegan_convert.py):
    python3 tools/export_torchscript.py --stylegan network.pkl --stylegan-repo ~/stylegan3 out.pt

The contract (docs/model-format.md):
  forward(z)        -> N x C x H x W float in [-1, 1]     unconditional models
  forward(z, c)     -> same, c: N int64 class indices     when meta.json lists class_names
  mapping(z[, c])   -> w,  synthesis(w) -> image          optional, style-based models
  w_avg()           -> the trained average w              optional, style-based models
plus an extra file meta.json: latent_size, resolution, channels, name (required); class_names,
w_size, num_ws, architecture, description, sefa_weight (optional). mapping may return N x w_size
(one w) or N x num_ws x w_size (one w per style layer, W+); synthesis takes what mapping returns.
Every method works at every batch size and gives the same image for the same input.

Library use:
    from export_torchscript import export_generator
    export_generator(my_generator, "model.pt", latent_size=512, resolution=256, channels=3,
                     name="My GAN", class_names=None, output_range=(-1, 1),
                     sefa_weight="fc.weight")

CLI example (a demo generator, to see the pieces fit):
    python3 tools/export_torchscript.py --demo demo.pt
or any module importable as package.module:factory (called with no arguments):
    python3 tools/export_torchscript.py --factory mypkg.models:make_generator --latent-size 128 \\
        --resolution 64 --channels 3 --name "My GAN" out.pt
"""

import argparse
import importlib
import io
import json
import os
import sys
import tempfile

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


class ContractError(ValueError):
    pass


class _Uncond(nn.Module):
    def __init__(self, g, scale: float, shift: float, clamp: bool = False):
        super().__init__()
        self.g = g
        self.scale = scale
        self.shift = shift
        self.clamp = clamp

    def finish(self, x):
        x = x * self.scale + self.shift
        return x.clamp(-1.0, 1.0) if self.clamp else x

    def forward(self, z):
        return self.finish(self.g(z))


class _Cond(_Uncond):
    def forward(self, z, c):
        return self.finish(self.g(z, c))


# Style-based wrappers come twice: torch.jit.export marks methods for scripting, but the same
# marks make trace_module compile them too, which defeats tracing untraceable-by-script code.
class _StyleUncond(_Uncond):
    @torch.jit.export
    def mapping(self, z):
        return self.g.mapping(z)

    @torch.jit.export
    def synthesis(self, w):
        return self.finish(self.g.synthesis(w))


class _StyleCond(_Cond):
    @torch.jit.export
    def mapping(self, z, c):
        return self.g.mapping(z, c)

    @torch.jit.export
    def synthesis(self, w):
        return self.finish(self.g.synthesis(w))


class _StyleUncondTraced(_Uncond):
    def mapping(self, z):
        return self.g.mapping(z)

    def synthesis(self, w):
        return self.finish(self.g.synthesis(w))


class _StyleCondTraced(_Cond):
    def mapping(self, z, c):
        return self.g.mapping(z, c)

    def synthesis(self, w):
        return self.finish(self.g.synthesis(w))


def make_meta(latent_size, resolution, channels, name, class_names=None, w_size=None,
              architecture=None, description=None, num_ws=None, sefa_weight=None):
    meta = {"latent_size": int(latent_size), "resolution": int(resolution),
            "channels": int(channels), "name": str(name)}
    if class_names:
        meta["class_names"] = [str(c) for c in class_names]
    if w_size:
        meta["w_size"] = int(w_size)
    if num_ws:
        meta["num_ws"] = int(num_ws)
    if architecture:
        meta["architecture"] = str(architecture)
    if description:
        meta["description"] = str(description)
    if sefa_weight:
        meta["sefa_weight"] = str(sefa_weight)
    return meta


def _inputs(meta, batch, seed):
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(batch, meta["latent_size"], generator=gen)
    classes = meta.get("class_names")
    return (z, torch.arange(batch) % len(classes)) if classes else (z,)


def _first_line(e):
    text = str(e).strip()
    for line in reversed(text.splitlines()):  # TorchScript puts the real message last
        if "Error" in line or "error" in line:
            return line.strip()
    return text.splitlines()[0] if text else type(e).__name__


def _outputs(module, args):
    with torch.no_grad():
        outputs = [("forward", module(*args))]
        if hasattr(module, "mapping") and hasattr(module, "synthesis"):
            w = module.mapping(*args)
            outputs.append(("synthesis(mapping(z))", module.synthesis(w)))
            if w.dim() not in (2, 3):
                raise ContractError(f"mapping returns shape {tuple(w.shape)}; expected N x w_size "
                                    "or N x num_ws x w_size")
    return outputs, (w if len(outputs) > 1 else None)


def probe(module, meta, batch=2, seed=0, other_batches=(1, 3)):
    """Runs the contract checks Latent Studio runs at load; raises ContractError.

    Besides shapes and range at `batch`: the same latent must give the same image alone, in a
    batch of another size, and twice in a row (a trace that baked its batch size in, or a
    generator drawing random noise, fails here rather than on the user's first slider move)."""
    full = _inputs(meta, max((batch,) + tuple(other_batches)), seed)
    args = tuple(a[:batch] for a in full)
    outputs, w = _outputs(module, args)
    if w is not None:
        if meta.get("w_size") and w.shape[-1] != meta["w_size"]:
            raise ContractError(f"mapping returns w of size {w.shape[-1]}, meta says "
                                f"w_size {meta['w_size']}")
        num_ws = w.shape[1] if w.dim() == 3 else 1
        if meta.get("num_ws") and num_ws != meta["num_ws"]:
            raise ContractError(f"mapping returns {num_ws} w per image, meta says "
                                f"num_ws {meta['num_ws']}")
    expected = (batch, meta["channels"], meta["resolution"], meta["resolution"])
    for what, out in outputs:
        if not isinstance(out, torch.Tensor):
            raise ContractError(f"{what} returned {type(out).__name__}, expected one tensor")
        if tuple(out.shape) != expected:
            raise ContractError(f"{what} output shape {tuple(out.shape)} != expected {expected}")
        if not torch.isfinite(out).all():
            raise ContractError(f"{what} output contains NaN or infinite values")
        lo, hi = out.min().item(), out.max().item()
        if lo < -1.001 or hi > 1.001:
            raise ContractError(
                f"{what} output range [{lo:.3g}, {hi:.3g}] exceeds [-1, 1]; if the generator "
                "merely overshoots (StyleGAN does), pass clamp_output=True (--clamp); if it "
                "produces another range such as [0, 1], pass output_range=(lo, hi)")
    reference = {what: out for what, out in outputs}
    repeat, _ = _outputs(module, args)
    for (what, out), (_, again) in zip(outputs, repeat):
        gap = (out - again).abs().max().item()
        if gap > 1e-4:
            raise ContractError(
                f"{what} is not deterministic: the same latent gave two images that differ by "
                f"{gap:.3g}; draw noise from constant buffers (StyleGAN: noise_mode='const') "
                "and never from the random generator")
    for n in other_batches:
        if n == batch:
            continue
        try:
            alone, _ = _outputs(module, tuple(a[:n] for a in full))
        except Exception as e:  # noqa: BLE001 - any failure here is the batch-size trap
            raise ContractError(
                f"the module fails at batch size {n} although it works at {batch} "
                f"({_first_line(e)}); a trace bakes its batch size in: script the module, or "
                "trace code that keeps the batch dimension free") from None
        k = min(n, batch)
        for (what, a), (_, b) in zip(outputs, alone):
            gap = (a[:k] - b[:k]).abs().max().item()
            if gap > 1e-3:
                raise ContractError(f"{what} gives a different image for the same latent in a "
                                    f"batch of {n} than in a batch of {batch} (max difference "
                                    f"{gap:.3g})")
    return reference


def save_with_meta(scripted, path, meta):
    """Saves a ScriptModule with meta.json as an extra file (no checks: fixtures use it raw)."""
    extra = {"meta.json": json.dumps(meta, indent=2)} if meta is not None else {}
    torch.jit.save(scripted, path, _extra_files=extra)


def save_archive(scripted, path, meta, probe_batch=2):
    """Probes `scripted` as the app will, then writes it atomically: a temporary file in the
    target's folder, flushed to disk, renamed over `path`. A failure leaves `path` untouched."""
    probe(scripted, meta, probe_batch)
    buffer = io.BytesIO()
    save_with_meta(scripted, buffer, meta)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(buffer.getvalue())
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp made it private; a model file is not
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def is_nvidia_stylegan(generator):
    """NVIDIA's StyleGAN generators: mapping(z, c, truncation_psi, ...) and synthesis(ws, ...)."""
    return all(hasattr(generator, a) for a in ("z_dim", "c_dim", "w_dim", "num_ws", "mapping",
                                               "synthesis", "img_resolution"))


def export_generator(generator, path, *, latent_size, resolution, channels, name,
                     class_names=None, w_size=None, architecture=None, description=None,
                     output_range=(-1.0, 1.0), method="auto", probe_batch=2, sefa_weight=None,
                     clamp_output=False):
    """Wraps `generator` to the contract, scripts (or traces) it, probes it and saves it.

    generator: nn.Module; forward(z) or forward(z, c) returning N x C x H x W. If it has
      `mapping` and `synthesis` methods they are exported too (style-based models). An NVIDIA
      StyleGAN generator (G_ema) goes through stylegan_convert instead, which knows its traps.
    output_range: the range the generator produces, rescaled linearly to [-1, 1].
    clamp_output: clamp to [-1, 1] (for generators without a final tanh that overshoot a little).
    sefa_weight: name of the parameter SeFa factorises (see docs/model-format.md).
    method: "script", "trace", or "auto" (script, falling back to tracing).
    Returns the saved ScriptModule. Raises ContractError when the probe fails; `path` is only
    replaced by a probed archive.
    """
    if is_nvidia_stylegan(generator):
        import stylegan_convert  # noqa: PLC0415

        print("note: an NVIDIA StyleGAN generator: converting it with stylegan_convert",
              file=sys.stderr)
        scripted, _, _ = stylegan_convert.export_stylegan(
            generator, path, name=name, class_names=class_names, sefa_weight=sefa_weight,
            description=description)
        return scripted
    lo, hi = output_range
    scale, shift = 2.0 / (hi - lo), -1.0 - 2.0 * lo / (hi - lo)
    style = hasattr(generator, "mapping") and hasattr(generator, "synthesis")
    conditional = bool(class_names)

    def wrap(traced):
        types = {(False, False): _Uncond, (True, False): _Cond,
                 (False, True): _StyleUncondTraced if traced else _StyleUncond,
                 (True, True): _StyleCondTraced if traced else _StyleCond}
        return types[(conditional, style)](generator.eval(), scale, shift, clamp_output).eval()

    meta = make_meta(latent_size, resolution, channels, name, class_names, w_size,
                     architecture, description, sefa_weight=sefa_weight)

    scripted = None
    if method in ("auto", "script"):
        try:
            attempt = torch.jit.script(wrap(traced=False))
            # Some scripted modules compile but cannot be saved (LibTorch 1.13: a forward(z, c=None)
            # fails in torch.jit.save with "strides() called on an undefined Tensor").
            torch.jit.save(attempt, io.BytesIO())
            scripted = attempt
        except Exception as e:  # noqa: BLE001 - scripting fails in many ways; tracing may work
            if method == "script":
                raise
            print(f"note: scripting failed ({_first_line(e)}); tracing instead", file=sys.stderr)
    if scripted is None:
        z = torch.randn(probe_batch, latent_size)
        args = (z, torch.arange(probe_batch) % len(class_names)) if conditional else (z,)
        inputs = {"forward": args}
        if style:
            with torch.no_grad():
                inputs["mapping"] = args
                inputs["synthesis"] = (generator.mapping(*args),)
        scripted = torch.jit.trace_module(wrap(traced=True), inputs)
    if style:
        with torch.no_grad():
            z = torch.randn(1, latent_size)
            args = (z, torch.zeros(1, dtype=torch.long)) if conditional else (z,)
            w = scripted.mapping(*args)
        meta["w_size"] = int(w.shape[-1])
        meta["num_ws"] = int(w.shape[1]) if w.dim() == 3 else 1
    if sefa_weight and sefa_weight not in dict(scripted.named_parameters()):
        raise ContractError(f"sefa_weight '{sefa_weight}' is not a parameter of the exported "
                            "module (its names: model.named_parameters(), prefixed with 'g.')")
    save_archive(scripted, path, meta, probe_batch)
    return scripted


class DemoGenerator(nn.Module):
    """A tiny untrained generator (latent 64 -> 3 x 32 x 32), for trying the export."""

    def __init__(self, latent_size=64):
        super().__init__()
        self.fc = nn.Linear(latent_size, 64 * 4 * 4)
        self.up = nn.Sequential(
            nn.ReLU(), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(32, 16, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(16, 3, 4, 2, 1), nn.Tanh())

    def forward(self, z):
        return self.up(self.fc(z).view(-1, 64, 4, 4))


def _stylegan_main(a):
    import stylegan_convert  # noqa: PLC0415

    classes = [c.strip() for c in a.class_names.split(",")] if a.class_names else None
    try:
        _, meta, diff = stylegan_convert.convert(
            a.stylegan, a.output, repo=a.stylegan_repo, name=a.name, class_names=classes,
            sefa_weight=a.sefa_weight)
    except (stylegan_convert.ConversionError, ContractError) as e:
        sys.exit(f"export failed: {e}")
    except OSError as e:
        sys.exit(f"export failed: {e.filename or a.output}: {e.strerror}")
    checked = f", matches the original within {diff:.1e}" if diff is not None else ""
    print(f"wrote {a.output} ({meta['architecture']}, {meta['resolution']} px, "
          f"{len(meta.get('class_names', [])) or 'no'} classes, {meta['num_ws']} style layers"
          f"{checked})")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("output")
    p.add_argument("--stylegan", metavar="PKL", help="an NVIDIA StyleGAN2-ADA / StyleGAN3 pickle")
    p.add_argument("--stylegan-repo", metavar="DIR",
                   help="checkout of NVlabs/stylegan3 or stylegan2-ada-pytorch (unpickling needs it)")
    p.add_argument("--demo", action="store_true", help="export DemoGenerator")
    p.add_argument("--factory", help="package.module:callable returning the generator module")
    p.add_argument("--weights", help="state_dict to load into the factory's module (torch.load)")
    p.add_argument("--latent-size", type=int)
    p.add_argument("--resolution", type=int)
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--name")
    p.add_argument("--class-names", help="comma-separated; makes the model conditional")
    p.add_argument("--output-range", default="-1,1", help="what the generator outputs, e.g. 0,1")
    p.add_argument("--clamp", action="store_true", help="clamp the output to [-1, 1]")
    p.add_argument("--sefa-weight", metavar="NAME", help="parameter SeFa factorises")
    p.add_argument("--method", choices=("auto", "script", "trace"), default="auto")
    a = p.parse_args(argv)
    if a.stylegan:
        return _stylegan_main(a)
    if a.demo:
        g, a.latent_size, a.resolution, a.channels = DemoGenerator(), 64, 32, 3
        a.name = a.name or "Demo generator (untrained)"
    elif a.factory:
        module_name, _, attr = a.factory.partition(":")
        g = getattr(importlib.import_module(module_name), attr)()
        if a.weights:
            g.load_state_dict(torch.load(a.weights, map_location="cpu"))
    else:
        p.error("give --stylegan, --demo or --factory")
    if not (a.latent_size and a.resolution and a.name):
        p.error("--latent-size, --resolution and --name are required with --factory")
    lo, hi = (float(x) for x in a.output_range.split(","))
    classes = [c.strip() for c in a.class_names.split(",")] if a.class_names else None
    try:
        export_generator(g, a.output, latent_size=a.latent_size, resolution=a.resolution,
                         channels=a.channels, name=a.name, class_names=classes,
                         output_range=(lo, hi), method=a.method, sefa_weight=a.sefa_weight,
                         clamp_output=a.clamp)
    except ContractError as e:
        sys.exit(f"export failed: {e}")
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
