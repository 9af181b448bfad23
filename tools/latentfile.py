#!/usr/bin/env python3
"""Read and write Latent Studio's "latent-model" files (docs/model-format.md) from Python.

    from latentfile import read_model_file, write_model_file, load_dcgan
    metadata, tensors = read_model_file("model.ltm")   # dict, {name: numpy array}
    g = load_dcgan("model.ltm")                          # tools/dcgan.py module in eval mode

CLI: latentfile.py info model.ltm
"""

import json
import os
import struct
import sys
import tempfile

import numpy as np

MAGIC = b"LATENTGM"
VERSION = 2  # 2: header_checksum over the whole file; version 1 files are still read
CHECKSUM_PREFIX = b'{"header_checksum":"fnv1a64:'
CHECKSUM_AT = 16 + len(CHECKSUM_PREFIX)  # where its 16 hex digits sit in the file
ALIGN = 64
_DTYPES = {"float32": np.dtype("<f4"), "int64": np.dtype("<i8")}


class ModelFileError(ValueError):
    pass


def fnv1a64(data):
    """FNV-1a 64 of a bytes-like object, as 16 hex digits (pure Python: ~5 MB/s)."""
    h = 0xCBF29CE484222325
    mv = memoryview(data).cast("B")
    for b in mv:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def _align(n):
    return (n + ALIGN - 1) // ALIGN * ALIGN


def encode_model_file(metadata, tensors):
    """bytes of a model file; tensors: {name: numpy array or torch tensor}, float32 or int64."""
    entries, blobs, offset = [], [], 0
    for name, t in tensors.items():
        if hasattr(t, "detach"):
            t = t.detach().cpu().numpy()
        # ascontiguousarray turns 0-d arrays (BatchNorm's num_batches_tracked) into 1-d; keep shape.
        a = np.ascontiguousarray(t).reshape(np.shape(t))
        dtype = next((k for k, v in _DTYPES.items() if a.dtype == v.newbyteorder("=")), None)
        if dtype is None:
            raise ModelFileError(f"tensor '{name}' has unsupported dtype {a.dtype}")
        raw = a.astype(_DTYPES[dtype]).tobytes()
        entries.append({"name": name, "dtype": dtype, "shape": list(a.shape),
                        "offset": offset, "bytes": len(raw)})
        blobs.append((offset, raw))
        offset = _align(offset + len(raw))
    payload = bytearray(offset)
    for at, raw in blobs:
        payload[at:at + len(raw)] = raw
    header = json.dumps({"header_checksum": "fnv1a64:" + "0" * 16, "metadata": metadata,
                         "tensors": entries, "payload_size": len(payload),
                         "payload_checksum": "fnv1a64:" + fnv1a64(payload)},
                        separators=(",", ":")).encode("utf-8")
    header += b" " * (_align(16 + len(header)) - 16 - len(header))
    data = bytearray(MAGIC + struct.pack("<II", VERSION, len(header)) + header + bytes(payload))
    # The whole file with the checksum's own digits as zeros, then the digits filled in.
    data[CHECKSUM_AT:CHECKSUM_AT + 16] = fnv1a64(data).encode("ascii")
    return bytes(data)


def write_model_file(path, metadata, tensors):
    """Writes atomically (temporary file in the same directory, then rename)."""
    data = encode_model_file(metadata, tensors)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".ltm-")
    # mkstemp creates the file 0600; a model is a document, readable as any file the user saves.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_model_file(path, verify=True):
    """(metadata dict, {name: numpy array}); raises ModelFileError with the same checks as C++."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != MAGIC:
        raise ModelFileError(f"{path}: not a Latent Studio model (unrecognised header)")
    if len(data) < 16:
        raise ModelFileError(f"{path}: truncated file")
    version, hlen = struct.unpack_from("<II", data, 8)
    if version not in (1, VERSION):
        raise ModelFileError(f"{path}: unsupported model file version {version}")
    if 16 + hlen > len(data):
        raise ModelFileError(f"{path}: truncated file")
    header = json.loads(data[16:16 + hlen].decode("utf-8"))
    start = 16 + hlen
    size = int(header["payload_size"])
    if start + size != len(data):
        raise ModelFileError(f"{path}: file is {len(data)} bytes, header says {start + size}")
    payload = memoryview(data)[start:]
    if verify and "fnv1a64:" + fnv1a64(payload) != header["payload_checksum"]:
        raise ModelFileError(f"{path}: checksum mismatch, the file is corrupt")
    if verify and version >= 2:
        if not data[16:].startswith(CHECKSUM_PREFIX):
            raise ModelFileError(f"{path}: corrupt model file (the header does not begin with its checksum)")
        zeroed = bytearray(data)
        zeroed[CHECKSUM_AT:CHECKSUM_AT + 16] = b"0" * 16
        if fnv1a64(zeroed).encode("ascii") != data[CHECKSUM_AT:CHECKSUM_AT + 16]:
            raise ModelFileError(f"{path}: checksum mismatch, the file is corrupt (header)")
    tensors = {}
    for e in header["tensors"]:
        dt = _DTYPES[e["dtype"]]
        count = int(np.prod(e["shape"], dtype=np.int64))
        if e["bytes"] != count * dt.itemsize or e["offset"] + e["bytes"] > size:
            raise ModelFileError(f"{path}: tensor '{e['name']}' is inconsistent with its shape")
        a = np.frombuffer(payload, dtype=dt, count=count, offset=e["offset"])
        tensors[e["name"]] = a.reshape(e["shape"]).copy()
    return header["metadata"], tensors


def load_dcgan(path, device="cpu"):
    """The tools/dcgan.py generator with the file's weights, in eval mode."""
    import torch
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from dcgan import DCGANGenerator

    metadata, tensors = read_model_file(path)
    if metadata.get("architecture") != "dcgan":
        raise ModelFileError(f"{path}: architecture {metadata.get('architecture')!r} is not dcgan")
    g = DCGANGenerator(metadata)
    state = {k: torch.from_numpy(v) for k, v in tensors.items()}
    g.load_state_dict(state, strict=True)
    return g.to(device).eval()


def save_dcgan(path, generator, metadata):
    """Writes a tools/dcgan.py generator (e.g. trained in Python) as a latent-model file."""
    write_model_file(path, metadata, dict(generator.state_dict()))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "info":
        sys.exit("usage: latentfile.py info MODEL.ltm")
    meta, ts = read_model_file(sys.argv[2])
    print(json.dumps(meta, indent=2))
    for name, a in ts.items():
        print(f"{name:32s} {str(a.dtype):8s} {list(a.shape)}")
