"""Convert an NVIDIA StyleGAN2-ADA / StyleGAN3 pickle into Latent Studio's TorchScript contract.

    python3 tools/export_torchscript.py --stylegan NETWORK.pkl [--stylegan-repo DIR] OUT.pt

Unpickling an NVIDIA network needs the code it was trained with (its `torch_utils` and `dnnlib`
packages, and `legacy.py` for old TensorFlow pickles): --stylegan-repo names a checkout of
NVlabs/stylegan3 or NVlabs/stylegan2-ada-pytorch; the current directory and PYTHONPATH are tried
too. Only unpickle files you trust: a pickle can run any code.

The converter reads G_ema's weights and hyper-parameters into stylegan_nets.py's formulation
(batch-independent, constant noise, float32, no device, clamped output), checks it against the
original network on the same latents, and hands it to export_torchscript.save_archive, which
probes it at several batch sizes and writes the file atomically.
"""

import copy
import math
import os
import pickle
import sys

import torch

import stylegan_nets as nets


class ConversionError(ValueError):
    """A pickle that cannot be converted; the message is one line for the user."""


# --------------------------------------------------------------------------- loading the pickle

def load_network(path, repo=None):
    """Returns the unpickled dict (G_ema, ...) of an NVIDIA network pickle."""
    if not os.path.isfile(path):
        raise ConversionError(f"{path}: file not found")
    for where in [repo, os.getcwd()]:
        if where:
            if not os.path.isdir(where):
                raise ConversionError(f"--stylegan-repo {where}: not a directory")
            if where not in sys.path:
                sys.path.insert(0, os.path.abspath(where))
    with open(path, "rb") as f:
        head = f.read(2)
        f.seek(0)
        if len(head) < 2 or head[0] != 0x80:
            raise ConversionError(f"{path}: not a Python pickle (a StyleGAN network is a .pkl "
                                  "written by NVIDIA's training code)")
        try:
            data = _unpickle(f)
        except ModuleNotFoundError as e:
            raise ConversionError(
                f"{path}: unpickling needs the StyleGAN code the network was saved with "
                f"(Python module '{e.name}' not found); pass --stylegan-repo DIR with a checkout of "
                "NVlabs/stylegan3 or NVlabs/stylegan2-ada-pytorch") from None
        except Exception as e:  # noqa: BLE001 - a pickle fails in many ways; one line each
            raise ConversionError(f"{path}: cannot unpickle ({type(e).__name__}: "
                                  f"{_first_line(e)})") from None
    if not isinstance(data, dict):
        raise ConversionError(f"{path}: the pickle holds a {type(data).__name__}, not NVIDIA's "
                              "dict with G_ema (a TensorFlow-era pickle needs --stylegan-repo "
                              "with legacy.py)")
    return data


def _unpickle(f):
    """NVIDIA's legacy.load_network_pkl when the repo has it (it also converts TensorFlow
    pickles, but insists on G, D and G_ema), else, or when it refuses, a plain unpickling."""
    legacy = _import_legacy()
    if legacy is not None:
        try:
            return legacy.load_network_pkl(f)
        except ModuleNotFoundError:
            raise
        except Exception:  # noqa: BLE001 - e.g. a snapshot without D: plain pickle may still do
            f.seek(0)
    return pickle.load(f)


def _import_legacy():
    """NVIDIA's legacy.py (it also converts TensorFlow pickles), when the repo has one."""
    try:
        import legacy  # noqa: PLC0415 - the user's StyleGAN checkout, found through sys.path
    except ModuleNotFoundError as e:
        if e.name == "legacy":
            return None
        raise
    return legacy if hasattr(legacy, "load_network_pkl") else None


def _first_line(e):
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def pick_generator(data, path):
    for key in ("G_ema", "G"):
        if key in data and isinstance(data[key], torch.nn.Module):
            if key == "G":
                print(f"note: {path} has no G_ema; converting G (the raw, non-averaged weights)",
                      file=sys.stderr)
            return data[key]
    raise ConversionError(f"{path}: the pickle has no G_ema generator (keys: "
                          f"{', '.join(sorted(map(str, data)))})")


def class_names_for(data, c_dim):
    """Names from the pickle's training_set_kwargs when it carries them, else "0".."c_dim-1"."""
    kwargs = data.get("training_set_kwargs") or {}
    names = kwargs.get("class_names") if isinstance(kwargs, dict) else None
    if isinstance(names, (list, tuple)) and len(names) == c_dim:
        return [str(n) for n in names]
    return [str(i) for i in range(c_dim)]


# --------------------------------------------------------------------------- reading the weights

def _dense(fc, extra_gain=1.0, lrelu=None):
    """An NVIDIA FullyConnectedLayer as nets.Dense, gains folded into the weights."""
    activation = getattr(fc, "activation", "linear")
    if activation not in ("linear", "lrelu"):
        raise ConversionError(f"unsupported activation '{activation}' in a fully connected layer")
    weight = fc.weight.detach().float() * float(fc.weight_gain) * extra_gain
    bias = fc.bias.detach().float() if fc.bias is not None else torch.zeros(weight.shape[0])
    bias = bias * float(fc.bias_gain) * extra_gain
    return nets.Dense(weight, bias, activation == "lrelu" if lrelu is None else lrelu)


def _mapping(G):
    m = G.mapping
    if getattr(m, "z_dim", G.z_dim) <= 0:
        raise ConversionError("the mapping network takes no z (z_dim 0); Latent Studio needs a latent")
    if getattr(m, "num_ws", None) is None:
        raise ConversionError("the mapping network does not broadcast w (num_ws is None)")
    if not hasattr(m, "w_avg"):
        raise ConversionError("the mapping network has no w_avg buffer")
    layers = [_dense(getattr(m, f"fc{i}")) for i in range(m.num_layers)]
    embed = _dense(m.embed, lrelu=False) if G.c_dim > 0 else None
    return nets.Mapping(layers, embed, int(m.num_ws), m.w_avg)


def _filter2d(f):
    """An upfirdn2d filter buffer as a 2-D kernel (a separable one becomes its outer product)."""
    f = f.detach().float()
    return f.ger(f) if f.dim() == 1 else f


def _upsample(f, channels):
    """upsample2d (2x, gain 4, padding [(fw+1)//2, (fw-2)//2] on the stuffed grid) as nets.Upsample:
    a transposed convolution with the filter whose output is offset by fw - 1 - (fw+1)//2."""
    k = _filter2d(f)
    fh, fw = k.shape
    if fh != fw or fw % 2:
        raise ConversionError(f"unsupported resample filter of size {fh}x{fw} (even and square expected)")
    g = (k * 4.0).double().reshape(1, 1, fh, fw).repeat(channels, 1, 1, 1)
    poly, a = _polyphase(g, fw - 1 - (fw + 1) // 2)
    if poly.shape[-1] - 1 - a != a:
        raise ConversionError(f"unsupported resample filter of size {fh}x{fw}")
    # _polyphase stacks phases per output channel: [C·4, 1, q, q], groups C.
    return nets.Upsample(poly.float(), a)


def _style_conv(layer, *, torgb, resolution, resnet_conv1=False):
    if torgb:
        affine = _dense(layer.affine, extra_gain=float(layer.weight_gain), lrelu=False)
        clamp = layer.conv_clamp if layer.conv_clamp is not None else -1.0
        return nets.StyleConv(affine, layer.weight, layer.bias, up=1, padding=0, demodulate=False,
                              noise=None, lrelu=False, act_gain=1.0, clamp=clamp,
                              resolution=resolution)
    if layer.activation != "lrelu":
        raise ConversionError(f"unsupported synthesis activation '{layer.activation}'")
    # The resnet architecture's conv1 runs with gain √½ (its output joins the skip), which scales
    # the activation gain and the clamp.
    gain = math.sqrt(0.5) if resnet_conv1 else 1.0
    affine = _dense(layer.affine, lrelu=False)
    noise = None
    if getattr(layer, "use_noise", False):
        noise = (layer.noise_const.detach().float() * layer.noise_strength.detach().float())
        noise = noise.reshape(1, 1, *noise.shape[-2:])
    clamp = layer.conv_clamp if layer.conv_clamp is not None else -1.0
    out_channels, _, kh, kw = layer.weight.shape
    common = dict(demodulate=True, noise=noise, lrelu=True, act_gain=float(layer.act_gain) * gain,
                  clamp=float(clamp) * gain if clamp >= 0 else -1.0, resolution=resolution)
    if layer.up == 1:
        return nets.StyleConv(affine, layer.weight, layer.bias, up=1, padding=int(layer.padding),
                              **common)
    if layer.up != 2:
        raise ConversionError(f"unsupported upsampling factor {layer.up}")
    # StyleGAN2's conv2d_resample for up=2: a transposed convolution (stride 2, padding pt) then
    # the FIR filter with gain 4 and padding [px0, px1, py0, py1] on the upsampled grid.
    k = _filter2d(layer.resample_filter)
    fh, fw = k.shape
    p = int(layer.padding)
    px0 = p + (fw + 1) // 2 - (kw - 1)
    px1 = p + (fw - 2) // 2 - (kw - 2)
    py0 = p + (fh + 1) // 2 - (kh - 1)
    py1 = p + (fh - 2) // 2 - (kh - 2)
    pt = max(min(-px0, -px1, -py0, -py1), 0)
    pads = [px0 + pt, px1 + pt, py0 + pt, py1 + pt]
    plan = up2_plan(layer.weight.detach().float(), k * 4.0, pt, pads)
    return nets.StyleConv(affine, layer.weight, layer.bias, up=2, padding=p, **plan, **common)


def _phase_taps(length, c):
    """For out[2m+p] = Σ_i x[i]·g[2m+p+c-2i] (g of `length` taps), each phase p's correlation
    taps over x[m-a .. m-a+q-1]: returns (q, a, [[tap index or -1] * q for p in 0, 1])."""
    u = (length + 1) // 2
    shifts = [((p + c) - (p + c) % 2) // 2 for p in (0, 1)]
    lo, hi = min(shifts), max(shifts)
    q, a = u + hi - lo, u - 1 - lo
    taps = []
    for p in (0, 1):
        r, s = (p + c) % 2, shifts[p]
        row = []
        for j in range(q):
            t = 2 * (s + a - j) + r
            row.append(t if 0 <= s + a - j and t < length else -1)
        taps.append(row)
    return q, a, taps


def _polyphase(g, c):
    """A stride-2 transposed convolution with g ([out, in, L, L], read as a true convolution) and
    output offset c, as one convolution on the input grid giving the 4 phases stacked as channels
    in pixel_shuffle's order. Returns (kernel [4·out, in, q, q], left/top padding a)."""
    out_ch, in_ch, length, _ = g.shape
    q, a, taps = _phase_taps(length, c)
    kernel = torch.zeros(out_ch, 2, 2, in_ch, q, q)
    for py in (0, 1):
        for px in (0, 1):
            for jy, ty in enumerate(taps[py]):
                for jx, tx in enumerate(taps[px]):
                    if ty >= 0 and tx >= 0:
                        kernel[:, py, px, :, jy, jx] = g[:, :, ty, tx]
    return kernel.reshape(out_ch * 4, in_ch, q, q), a


def up2_plan(weight, fir2d, pt, pads):
    """StyleConv's arguments for StyleGAN2's up=2 layer: conv_transpose2d(x, weightᵀ, stride 2,
    padding pt), then correlation with the flipped fir2d (gain included) after padding `pads`.

    The transposed convolution's full output is split into its two phases per axis (c = 0):
    phase p of output 2m+p correlates x[m-a .. m-a+q-1] with the taps _phase_taps lists; each
    phase keeps only its non-zero taps and pads its input to match. The phases are long enough
    (M = H + extra per axis) for the FIR, with padding pl, to give every output pixel."""
    if len(set(pads)) != 1 or pads[0] < 0 or pt != 0:
        raise ConversionError(f"unsupported upsampling padding {pads} (transposed {pt})")
    pl = pads[0]
    kh, fh = weight.shape[-1], fir2d.shape[-1]
    q, a, taps = _phase_taps(kh, 0)
    extra = max(1, -(-(fh - 1 - pl) // 2))  # phase outputs beyond H the FIR reads
    bottom_total = q - 1 - a + extra
    spans = []
    for p in (0, 1):
        used = [j for j, t in enumerate(taps[p]) if t >= 0]
        lo, hi = used[0], used[-1]
        if any(taps[p][j] < 0 for j in range(lo, hi + 1)):
            raise ConversionError("unsupported upsampling kernel (a gap in a phase's taps)")
        # Rows in correlation order; top pad a - lo; bottom pad to give the same phase length.
        spans.append(([taps[p][j] for j in range(lo, hi + 1)], a - lo, bottom_total - (q - 1 - hi)))
    phases, phase_pads = [], []
    for py in (0, 1):
        for px in (0, 1):
            rows, top, bottom = spans[py]
            cols, left, right = spans[px]
            k = weight[:, :, rows][:, :, :, cols]
            phases.append(k.contiguous())
            phase_pads.append([top, bottom, left, right])
    return dict(phases=phases, phase_pads=phase_pads, phase_extra=extra,
                fir=_fir_from_kernel(fir2d, weight.shape[0]), fir_pad=pl)


def _fir_from_kernel(fir2d, channels):
    return nets.depthwise(fir2d.flip([0, 1]), channels)


def _synthesis_sg2(S):
    blocks = []
    w_idx = 0
    const = None
    for res in S.block_resolutions:
        b = getattr(S, f"b{res}")
        arch = getattr(b, "architecture", "skip")
        if arch not in ("orig", "skip", "resnet"):
            raise ConversionError(f"unsupported StyleGAN2 block architecture '{arch}'")
        first = b.in_channels == 0
        if first:
            const = b.const
        conv0 = None if first else _style_conv(b.conv0, torgb=False, resolution=res)
        conv1 = _style_conv(b.conv1, torgb=False, resolution=res,
                            resnet_conv1=arch == "resnet" and not first)
        torgb = _style_conv(b.torgb, torgb=True, resolution=res) if (b.is_last or arch == "skip") else None
        skip = None
        if not first and arch == "resnet":
            s = b.skip
            if s.bias is not None or s.activation != "linear" or s.up != 2:
                raise ConversionError("unsupported resnet skip layer")
            skip = nets.ResnetSkip(s.weight.detach().float() * float(s.weight_gain),
                                   _upsample(s.resample_filter, int(s.weight.shape[0])),
                                   math.sqrt(0.5) * float(s.act_gain))
        # Only the skip architecture carries an image from block to block.
        img_up = _upsample(b.resample_filter, int(b.img_channels)) if (not first and arch == "skip") else None
        blocks.append(nets.Block(conv0, conv1, torgb, skip, img_up, w_idx))
        w_idx += int(b.num_conv)
    return nets.SynthesisSG2(const, blocks, int(S.num_ws))


# Previews are offered from this size up to half the full resolution.
PREVIEW_MIN_SIZE = 16


def _conv_macs(conv, size):
    """Multiply-adds of one StyleConv producing a size x size output."""
    if conv is None:
        return 0
    grid = size // conv.up
    kernels = [conv.weight] if conv.up == 1 else [conv.k00, conv.k01, conv.k10, conv.k11]
    return sum(int(k.numel()) for k in kernels) * grid * grid


def preview_costs(synthesis):
    """{size: share of a full frame's multiply-adds} for each StyleGAN2 skip-architecture preview
    (the image after the blocks up to `size`); empty for other architectures."""
    if not isinstance(synthesis, nets.SynthesisSG2) or any(b.torgb is None for b in synthesis.blocks):
        return {}
    costs, size = [], 4
    for block in synthesis.blocks:
        costs.append(_conv_macs(block.conv0, size) + _conv_macs(block.conv1, size) +
                     _conv_macs(block.torgb, size))
        size *= 2
    total = sum(costs)
    return {4 << (count - 1): sum(costs[:count]) / total
            for count in range(1, len(costs)) if 4 << (count - 1) >= PREVIEW_MIN_SIZE}


def _sg3_layer(layer):
    demodulate = not bool(layer.is_torgb)
    extra = 1.0 / math.sqrt(layer.in_channels * layer.conv_kernel ** 2) if layer.is_torgb else 1.0
    affine = _dense(layer.affine, extra_gain=extra, lrelu=False)
    up_taps = None
    if layer.up_filter is not None:
        if layer.up_filter.dim() != 1:
            raise ConversionError("unsupported 2-D upsampling filter in a StyleGAN3 layer")
        up_taps = layer.up_filter.detach().float() * float(layer.up_factor)  # gain up² over 2 axes
    clamp = float(layer.conv_clamp) if layer.conv_clamp is not None else -1.0
    return nets.AliasFreeLayer(
        affine, layer.weight, layer.bias, demodulate=demodulate,
        input_gain=layer.magnitude_ema.detach().float().rsqrt(), up=int(layer.up_factor),
        down=int(layer.down_factor), padding=[int(p) for p in layer.padding], up_taps=up_taps,
        down_filter=layer.down_filter, gain=1.0 if layer.is_torgb else math.sqrt(2.0),
        slope=1.0 if layer.is_torgb else 0.2, clamp=clamp)


def _synthesis_sg3(S):
    inp = S.input
    width, height = (int(v) for v in inp.size)
    theta = torch.zeros(1, 2, 3)
    theta[0, 0, 0] = 0.5 * width / inp.sampling_rate
    theta[0, 1, 1] = 0.5 * height / inp.sampling_rate
    grid = torch.nn.functional.affine_grid(theta, [1, 1, height, width], align_corners=False)
    fourier = nets.FourierInput(_dense(inp.affine, lrelu=False), inp.weight, inp.transform,
                                inp.freqs, inp.phases, grid.reshape(-1, 2), (width, height),
                                float(inp.sampling_rate), float(inp.bandwidth))
    layers = [_sg3_layer(getattr(S, name)) for name in S.layer_names]
    return nets.SynthesisSG3(fourier, layers, float(S.output_scale), int(S.num_ws))


def architecture_of(G):
    S = G.synthesis
    if hasattr(S, "block_resolutions"):
        return "stylegan2"
    if hasattr(S, "layer_names") and hasattr(S, "input"):
        radial = any(getattr(getattr(S, n), "down_radial", False) for n in S.layer_names)
        return "stylegan3-r" if radial else "stylegan3-t"
    raise ConversionError("G_ema.synthesis is neither StyleGAN2 (block_resolutions) nor StyleGAN3 "
                          "(input, layer_names)")


def _sefa_matrix(G, arch, net):
    """SeFa's matrix and what it is. StyleGAN2: every synthesis layer's style affine stacked, each
    style row scaled to unit length (SeFa's all-layer factorisation). StyleGAN3: the first layer's
    affine (the input's affine has only 4 rows: rank 4)."""
    if arch == "stylegan2":
        rows = []
        for block in net.blocks:
            for conv in (block.conv0, block.conv1):
                if conv is not None:
                    rows.append(conv.affine.weight.detach())
        a = torch.cat(rows, 0)
        return a / a.norm(dim=1, keepdim=True).clamp_min(1e-12), "all synthesis style affines"
    return net.layers[0].affine.weight.detach().clone(), "first synthesis layer's style affine"


def build(G):
    """Our scriptable archive module for G (an NVIDIA StyleGAN generator); returns (module, facts)."""
    G = copy.deepcopy(G).eval().requires_grad_(False).cpu().float()
    for attr in ("z_dim", "c_dim", "w_dim", "img_resolution", "img_channels", "mapping", "synthesis"):
        if not hasattr(G, attr):
            raise ConversionError(f"the network has no '{attr}': not an NVIDIA StyleGAN generator")
    arch = architecture_of(G)
    mapping = _mapping(G)
    synthesis = _synthesis_sg2(G.synthesis) if arch == "stylegan2" else _synthesis_sg3(G.synthesis)
    if mapping.num_ws != synthesis.num_ws:
        raise ConversionError(f"mapping broadcasts {mapping.num_ws} w but synthesis takes {synthesis.num_ws}")
    sefa, sefa_what = _sefa_matrix(G, arch, synthesis)
    previews = preview_costs(synthesis)
    preview = bool(previews)
    if G.c_dim > 0:
        module = (nets.StyleGAN2Cond if preview else nets.StyleGANCond)(mapping, synthesis, sefa, int(G.c_dim))
    else:
        module = (nets.StyleGAN2Uncond if preview else nets.StyleGANUncond)(mapping, synthesis, sefa)
    facts = dict(architecture=arch, z_dim=int(G.z_dim), c_dim=int(G.c_dim), w_dim=int(G.w_dim),
                 num_ws=int(mapping.num_ws), resolution=int(G.img_resolution),
                 channels=int(G.img_channels), sefa_weight="sefa", sefa_what=sefa_what,
                 previews=previews)
    return module.eval(), facts, G


def reference_images(G, z, c_onehot, truncation_psi=1.0):
    """The original network's own images: constant noise, float32 (as NVIDIA's gen_images.py)."""
    with torch.no_grad():
        ws = G.mapping(z, c_onehot, truncation_psi=truncation_psi)
        return G.synthesis(ws, noise_mode="const", force_fp32=True)


def check_against_original(module, G, facts, samples=2, seed=0):
    """Max |ours - original| over `samples` seeded images (before our clamp); raises on a mismatch."""
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(samples, facts["z_dim"], generator=gen)
    c = torch.arange(samples) % max(facts["c_dim"], 1)
    onehot = torch.nn.functional.one_hot(c, facts["c_dim"]).float() if facts["c_dim"] else torch.zeros(samples, 0)
    try:
        ref = reference_images(G, z, onehot)
    except Exception as e:  # noqa: BLE001 - the user's code may need CUDA plugins, say so and go on
        print(f"note: the original network does not run here ({_first_line(e)}); the conversion "
              "was not compared with it", file=sys.stderr)
        return None
    with torch.no_grad():
        ws = module.mapping_net(z, onehot)
        ours = module.synthesis_net(ws)
    diff = (ours - ref.float()).abs().max().item()
    if not math.isfinite(diff) or diff > 1e-3:
        raise ConversionError(f"the converted network differs from the original by {diff:.3g} "
                              "(more than 1e-3); please report this network's configuration")
    return diff


def export_stylegan(G, out, *, name=None, class_names=None, sefa_weight=None, description=None,
                   source=None):
    """G (an NVIDIA StyleGAN generator) -> checked TorchScript archive at `out`, written
    atomically. Returns (archive module, meta, max difference to the original or None)."""
    import export_torchscript as ets  # noqa: PLC0415 - circular at module level

    module, facts, G32 = build(G)
    diff = check_against_original(module, G32, facts)
    classes = None
    if facts["c_dim"] > 0:
        classes = list(class_names) if class_names else [str(i) for i in range(facts["c_dim"])]
        if len(classes) != facts["c_dim"]:
            raise ConversionError(f"{len(classes)} class names given, the network has "
                                  f"{facts['c_dim']} classes")
    what = f"'{sefa_weight}'" if sefa_weight else f"'sefa' ({facts['sefa_what']})"
    desc = description or (f"{facts['architecture']} converted from {source or 'a StyleGAN network'}"
                           f"; SeFa factorises {what}")
    meta = ets.make_meta(facts["z_dim"], facts["resolution"], facts["channels"],
                         name or facts["architecture"], class_names=classes, w_size=facts["w_dim"],
                         num_ws=facts["num_ws"], architecture=facts["architecture"],
                         description=desc, sefa_weight=sefa_weight or facts["sefa_weight"])
    if facts["previews"]:
        sizes = sorted(facts["previews"])
        meta["preview_resolutions"] = sizes
        meta["preview_costs"] = [round(facts["previews"][s], 4) for s in sizes]
    scripted = torch.jit.script(module)
    if sefa_weight and sefa_weight not in dict(scripted.named_parameters()):
        raise ConversionError(f"--sefa-weight '{sefa_weight}' is not a parameter of the archive "
                              "(e.g. synthesis_net.blocks.0.conv1.affine.weight)")
    ets.save_archive(scripted, out, meta)
    return scripted, meta, diff


def convert(pkl, out, *, repo=None, name=None, class_names=None, sefa_weight=None):
    """An NVIDIA network pickle -> checked TorchScript archive at `out`; see export_stylegan."""
    data = load_network(pkl, repo)
    G = pick_generator(data, pkl)
    c_dim = int(getattr(G, "c_dim", 0))
    classes = class_names or (class_names_for(data, c_dim) if c_dim > 0 else None)
    stem = os.path.splitext(os.path.basename(pkl))[0]
    return export_stylegan(G, out, name=name or stem, class_names=classes,
                           sefa_weight=sefa_weight, source=os.path.basename(pkl))
