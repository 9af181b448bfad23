#!/usr/bin/python3
"""Writes the fuzz targets' seed corpus, tests/fuzz/corpus/<target>/ (docs/reliability.md).

Small valid files of every format a fuzz target reads, and slightly broken variants. The files are
committed; run this again after a format changes: /usr/bin/python3 tests/fuzz/make_corpus.py
The TorchScript archive seeds need Python's torch (Debian's python3-torch, as the fixtures); without it they are left as they are.
Inputs the fuzzer found (minimised crashes) live beside these, named found-*, and are kept.
"""
import json
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def fnv1a64(data):
    h = 14695981039346656037
    for b in data:
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


# ---- .ltm: a tiny DCGAN (32 px, 1 channel, base width 1, latent 2), format as modelfileio.cpp ----
def dcgan_shapes(latent, resolution, channels, base, classes, embedding):
    shapes = []
    if embedding:
        shapes.append(("embed.weight", [classes, embedding]))
    steps, r = 0, 4
    while r < resolution:
        steps, r = steps + 1, r * 2
    cin = latent + embedding
    for i in range(steps):
        out = base << (steps - 1 - i)
        shapes.append(("net.%d.weight" % (3 * i), [cin, out, 4, 4]))
        for part in ("weight", "bias", "running_mean", "running_var"):
            shapes.append(("net.%d.%s" % (3 * i + 1, part), [out]))
        shapes.append(("net.%d.num_batches_tracked" % (3 * i + 1), []))
        cin = out
    shapes.append(("net.%d.weight" % (3 * steps), [cin, channels, 4, 4]))
    return shapes


def ltm(metadata, shapes, damage=None, version=2):
    entries, payload = [], b""
    for i, (name, shape) in enumerate(shapes):
        n = 1
        for d in shape:
            n *= d
        int64 = name.endswith("num_batches_tracked")
        values = [1.0] * n if name.endswith("running_var") else [
            ((i * 7 + k) % 11 - 5) * 0.01 for k in range(n)]
        data = struct.pack("<%dq" % n, *([0] * n)) if int64 else struct.pack("<%df" % n, *values)
        entries.append({"name": name, "dtype": "int64" if int64 else "float32", "shape": shape,
                        "offset": len(payload), "bytes": len(data)})
        payload += data + b"\0" * ((-len(data)) % 64)
    header = {"metadata": metadata, "tensors": entries, "payload_size": len(payload),
              "payload_checksum": "fnv1a64:" + fnv1a64(payload)}
    if damage:
        damage(header)
    if version >= 2:  # first key (sorted): FNV-1a 64 of the whole file, its own digits as '0'
        header["header_checksum"] = "fnv1a64:" + "0" * 16
    text = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    text += b" " * ((-(16 + len(text))) % 64)
    out = b"LATENTGM" + struct.pack("<II", version, len(text)) + text + payload
    if version >= 2:
        at = 16 + len(b'{"header_checksum":"fnv1a64:')
        out = out[:at] + fnv1a64(out).encode() + out[at + 16:]
    return out


def meta(**over):
    m = {"format_version": 1, "name": "tiny", "architecture": "dcgan", "latent_size": 2,
         "resolution": 32, "channels": 1, "base_width": 1, "embedding_size": 0,
         "class_names": [], "training_data": "", "created": "2024-01-01T00:00:00Z"}
    m.update(over)
    return m


def ltm_seeds():
    plain = dcgan_shapes(2, 32, 1, 1, 0, 0)
    put("ltm", "tiny.ltm", ltm(meta(), plain))
    put("ltm", "tiny-v1.ltm", ltm(meta(), plain, version=1))
    cond = dcgan_shapes(2, 32, 1, 1, 2, 2)
    put("ltm", "tiny-cond.ltm", ltm(meta(class_names=["a", "b"], embedding_size=2), cond))
    put("ltm", "wrapped-resolution.ltm", ltm(meta(resolution=2**32 + 32), plain))
    put("ltm", "huge-network.ltm", ltm(meta(base_width=1024, latent_size=8192), plain))
    put("ltm", "missing-tensor.ltm", ltm(meta(), plain[:-1]))
    put("ltm", "bad-checksum.ltm",
        ltm(meta(), plain, lambda h: h.update(payload_checksum="fnv1a64:" + "0" * 16)))
    put("ltm", "negative-shape.ltm",
        ltm(meta(), plain, lambda h: h["tensors"][0].update(shape=[-1, 4, 4, 4])))
    put("ltm", "tensor-outside.ltm",
        ltm(meta(), plain, lambda h: h["tensors"][-1].update(offset=1 << 40)))
    whole = ltm(meta(), plain)
    put("ltm", "bad-header-checksum.ltm", whole.replace(b'"tiny"', b'"tinY"', 1))
    put("ltm", "truncated.ltm", whole[: len(whole) // 2])
    put("ltm", "preamble-only.ltm", whole[:16])
    put("ltm", "huge-header-length.ltm", b"LATENTGM" + struct.pack("<II", 1, 0xFFFFFFF0) + b"{}")


# ---- TorchScript: archives (zip) and meta.json text -------------------------------------------
def torchscript_seeds():
    good = {"name": "tiny", "latent_size": 2, "resolution": 4, "channels": 1}
    put("torchscript", "meta-minimal.json", json.dumps(good))
    put("torchscript", "meta-style.json", json.dumps(dict(
        good, architecture="stylegan2", w_size=4, num_ws=2, class_names=["a", "b"],
        sefa_weight="mapping.fc0.weight", preview_resolutions=[4], preview_costs=[0.5])))
    put("torchscript", "meta-wrapped.json", json.dumps(dict(good, latent_size=2**32 + 2)))
    put("torchscript", "meta-wrong-types.json", json.dumps(dict(
        good, class_names=[1, 2], w_size="4", num_ws=-1)))
    put("torchscript", "meta-deep.json", "[" * 100 + "]" * 100)
    put("torchscript", "meta-not-object.json", "[1, 2, 3]")
    try:
        import io
        import zipfile
        import torch
    except ImportError:
        print("torch not found: TorchScript archive seeds left as they are", file=sys.stderr)
        return

    class Tiny(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.w = torch.nn.Parameter(torch.ones(1))

        def forward(self, z):
            return torch.tanh(z[:, :1, None, None] * self.w).expand(-1, 1, 4, 4)

    buf = io.BytesIO()
    torch.jit.save(torch.jit.script(Tiny()), buf, _extra_files={"meta.json": json.dumps(good)})
    archive = buf.getvalue()
    put("torchscript", "tiny.pt", archive)
    put("torchscript", "tiny-truncated.pt", archive[: len(archive) * 2 // 3])
    # The same records with compressed (deflate) entries, and one with __setstate__ in its code.
    for name, edit in (("tiny-deflated.pt", None), ("tiny-setstate.pt", "setstate")):
        src = zipfile.ZipFile(io.BytesIO(archive))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if edit and info.filename.endswith(".py") and "/code/" in info.filename:
                    data += b"\n  def __setstate__(self, state):\n    pass\n"
                dst.writestr(info.filename, data,
                             zipfile.ZIP_STORED if edit else zipfile.ZIP_DEFLATED)
        put("torchscript", name, out.getvalue())
    # A zip whose directory claims a huge unpacked size (a bomb's directory, without the bomb).
    bomb = bytearray(archive)
    cd = bomb.rfind(b"PK\x01\x02")
    struct.pack_into("<I", bomb, cd + 24, 0xFFFFFFF0)
    put("torchscript", "tiny-bomb-directory.pt", bytes(bomb))


# ---- PNG recipes: JSON text and PNGs carrying it -------------------------------------------------
def recipe_json(**over):
    direction = {"name": "smile", "method": "pca", "space": "z", "vector": [0.5, -0.5],
                 "sigma": 1.5, "first_layer": 0, "last_layer": -1, "class_from": -1,
                 "class_to": -1}
    r = {"version": 1, "model": "tiny", "model_hash": "0123456789abcdef", "seed": 42,
         "latent": [0.25, -1.0], "class": -1, "truncation": 0.7,
         "edits": [{"direction": direction, "amount": 2.0}],
         "upscale": {"factor": 2, "smooth": True}}
    r.update(over)
    return json.dumps(r)


def png(chunks_text, width=2, height=2, declared=None):
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\0" + b"\x80\x40\x20" * width for _ in range(height))
    w, h = declared or (width, height)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    for key, text in chunks_text:
        out += chunk(b"iTXt", key.encode() + b"\0\0\0\0\0" + text.encode())
    return out + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def recipe_seeds():
    put("recipe", "recipe.json", recipe_json())
    put("recipe", "recipe-no-seed.json", recipe_json(seed=None, edits=[]))
    put("recipe", "recipe-huge-float.json", recipe_json(truncation=1e39))
    put("recipe", "recipe-wrapped-class.json", recipe_json(**{"class": 2**32 + 3}))
    put("recipe", "recipe-bad-upscale.json", recipe_json(upscale={"factor": 3, "smooth": "no"}))
    put("recipe", "recipe.png", png([("latent-studio:recipe", recipe_json())]))
    put("recipe", "grid.png", png([("latent-studio:grid", "{}")]))
    put("recipe", "no-recipe.png", png([]))
    put("recipe", "huge-dimensions.png", png([("latent-studio:recipe", recipe_json())],
                                            declared=(1 << 20, 1 << 20)))


# ---- Direction files, latent files, sessions ------------------------------------------------------
def direction(name, space="z", size=2, **over):
    d = {"name": name, "method": "pca", "space": space, "vector": [0.1 * (i + 1) for i in range(size)],
         "sigma": 1.0, "first_layer": 0, "last_layer": -1, "class_from": -1, "class_to": -1}
    d.update(over)
    return d


def directions_doc(dirs, **over):
    j = {"format": "latent-studio-directions", "version": 1, "model": "tiny",
         "model_hash": "0123456789abcdef", "latent_size": 2, "w_size": 3, "directions": dirs}
    j.update(over)
    return j


def directions_seeds():
    put("directions", "two.json", json.dumps(directions_doc(
        [direction("PCA 1"), direction("style", "w+", 3, first_layer=1, last_layer=2)]), indent=1))
    put("directions", "class-morph.json", json.dumps(directions_doc(
        [direction("a to b", method="class", class_from=0, class_to=1)])))
    put("directions", "format-100.json", json.dumps(directions_doc([], format=100)))
    put("directions", "wrong-size.json", json.dumps(directions_doc([direction("x", size=5)])))
    put("directions", "zero-sigma.json", json.dumps(directions_doc([direction("x", sigma=0)])))
    put("directions", "newer.json", json.dumps(directions_doc([], version=2)))


def latentfile_seeds():
    z = {"version": 1, "model": "tiny", "model_hash": "0123456789abcdef", "space": "z",
         "latent": [0.5, -0.25], "num_ws": 0, "w_size": 0, "class": -1, "truncation": 1.0,
         "loss": 0.1, "psnr": 20.0}
    put("latentfile", "z.json", json.dumps(z, indent=2))
    put("latentfile", "wplus.json", json.dumps(dict(z, space="w+", latent=[0.1] * 6, num_ws=2,
                                                    w_size=3)))
    put("latentfile", "wplus-mismatch.json", json.dumps(dict(z, space="w+", num_ws=4, w_size=3)))
    put("latentfile", "wrapped-class.json", json.dumps(dict(z, **{"class": 2**32 + 3})))
    put("latentfile", "wrong-types.json", json.dumps(dict(z, version="1", space=5)))


def frame(**over):
    f = {"seed": 42, "latent": [0.5, -0.25], "edited": False, "projected": False, "class": 0,
         "truncation": 1.0, "directions": [{"name": "PCA 1", "amount": 1.5}]}
    f.update(over)
    return f


def session_seeds():
    s = {"kind": "latent-studio-session", "version": 1,
         "model": {"name": "tiny", "path": "/models/tiny.ltm", "hash": "0123456789abcdef",
                   "latent_size": 2},
         "directions": directions_doc([direction("PCA 1")]),
         "current": frame(class_morph={"direction": direction("a to b", method="class",
                                                              class_from=0, class_to=1),
                                       "amount": 0.5},
                          style_mix={"seed": 7, "first_layer": 1, "last_layer": 3}),
         "a": {"seed": 1, "latent": [0.1, 0.2], "edited": False},
         "b": None, "ab_position": 0.5,
         "keyframes": [{"seed": 2, "latent": [0.3, 0.4], "edited": True}],
         "bookmarks": [{"name": "Seed 42", "frame": frame()}]}
    put("session", "session.latent-session.json", json.dumps(s, indent=1))
    put("session", "frame.json", json.dumps(frame()))
    put("session", "version-string.json", json.dumps(dict(s, version="1")))
    put("session", "kind-number.json", json.dumps(dict(s, kind=5)))
    put("session", "short-latent.json", json.dumps(dict(s, current=frame(latent=[1.0]))))
    put("session", "seed-negative.json", json.dumps(dict(s, current=frame(seed=-1))))
    put("session", "deep.json", '{"kind":"latent-studio-session","version":1,"current":' +
        "[" * 80 + "]" * 80 + "}")


# ---- Training: config.json and metrics.csv --------------------------------------------------------
def trainconfig_seeds():
    c = {"data": "toy:ring8", "fashion_mnist_dir": "", "architecture": "mlp", "loss": "wgan-gp",
         "resolution": 32, "conditional": False, "steps": 100, "batch": 64, "seed": 1,
         "device": "cpu", "latent_size": 8, "g_width": 128, "d_width": 128, "d_steps": 5,
         "lr_g": 1e-4, "lr_d": 1e-4, "beta1": 0.0, "beta2": 0.9, "gp_weight": 10.0,
         "r1_gamma": 0.0, "ema_decay": 0.999, "log_every": 10, "sample_every": 500,
         "checkpoint_every": 1000, "keep_checkpoints": 3, "quality_every": 1000,
         "quality_samples": 2000, "classifier_path": ""}
    put("trainconfig", "config.json", json.dumps(c, indent=2))
    put("trainconfig", "dcgan.json", json.dumps(dict(c, data="fashion-mnist", architecture="dcgan",
                                                     loss="ns", conditional=True)))
    put("trainconfig", "wrapped-steps.json", json.dumps(dict(c, steps=2**63, batch=2**32 + 64)))
    put("trainconfig", "wrong-types.json", json.dumps(dict(c, loss=5, conditional="yes")))
    put("trainconfig", "empty-object.json", "{}")


def metrics_seeds():
    header = ("step,epoch,images_seen,g_loss,d_loss,d_real,d_fake,g_grad_norm,d_grad_norm,"
              "images_per_sec,wall_time_s,quality,class_entropy")
    rows = ["%d,0,%d,0.7,1.3,0.2,-0.1,1.5,2.5,1000,%.1f,,," % (s, s * 64, s / 10)
            for s in range(10, 60, 10)]
    rows[2] = rows[2][:-2] + "12.5,2.1"
    put("metrics", "metrics.csv", "\n".join([header] + rows) + "\n")
    put("metrics", "old-columns.csv", "step,epoch,images_seen,g_loss,d_loss\n10,0,640,0.7,1.3\n")
    put("metrics", "torn.csv", "\n".join([header] + rows[:3]) + "\n40,0,25")
    put("metrics", "garbage.csv", "\n".join([header, rows[0], "\0\0\0garbage,,", rows[1],
                                             rows[0], "99999999999999999999,0"]) + "\n")
    put("metrics", "header-only.csv", header + "\n")


if __name__ == "__main__":
    ltm_seeds()
    torchscript_seeds()
    recipe_seeds()
    directions_seeds()
    latentfile_seeds()
    session_seeds()
    trainconfig_seeds()
    metrics_seeds()
