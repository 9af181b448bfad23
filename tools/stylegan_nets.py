"""Latent Studio's own TorchScript formulation of StyleGAN2 and StyleGAN3 generators.

stylegan_convert.py fills these modules with the weights of an NVIDIA StyleGAN2-ADA / StyleGAN3
network and checks them against it. The formulation is written for inference in an app:

- modulation scales the activations, one plain convolution runs for the whole batch, and
  demodulation scales its output; nothing is grouped per sample, so no size is tied to the batch
  (a batch of one may fold the style into the weights instead: same result, fewer operations);
- FIR up/down-sampling is a depthwise (transposed) convolution, never zero-stuffing by hand;
- noise is the network's own constant noise; weights are float32; nothing names a device, so an
  archive converted on a CPU runs on CUDA;
- every static gain is folded into the weights at conversion, and the image is clamped to [-1, 1].

All modules script with torch.jit.script. Shapes: z N x z_dim, one-hot c N x c_dim, ws
N x num_ws x w_dim, images N x C x H x W.
"""

import math
from typing import List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def _normalize_2nd_moment(x: Tensor) -> Tensor:
    return x * (x.square().mean(1, keepdim=True) + 1e-8).rsqrt()


def _act(x: Tensor, lrelu: bool, slope: float, gain: float, clamp: float) -> Tensor:
    if lrelu:
        x = F.leaky_relu(x, slope)
    if gain != 1.0:
        x = x * gain
    if clamp >= 0.0:
        x = x.clamp(-clamp, clamp)
    return x


def _conv(x: Tensor, weight: Tensor, padding: int) -> Tensor:
    """conv2d, except for tiny inputs (StyleGAN2's 4x4 block), where LibTorch's heuristics skip
    oneDNN for a slow reference kernel (~13 ms for 512 channels at 4x4): im2col and one matmul."""
    n, c, h, w = x.shape
    if c * h * w > 20480 or weight.shape[1] != c:
        return F.conv2d(x, weight, padding=padding)
    k = weight.shape[-1]
    cols = F.unfold(x, [k, k], padding=padding)  # N x (C·k·k) x L
    out = torch.matmul(weight.reshape(weight.shape[0], -1), cols)
    return out.reshape(n, weight.shape[0], h + 2 * padding - k + 1, w + 2 * padding - k + 1)


class Dense(nn.Module):
    """x Wᵀ + b with the layer's gains folded into W ([out, in]) and b ([out]); then, for the
    mapping layers, leaky ReLU(0.2) times √2."""

    def __init__(self, weight: Tensor, bias: Tensor, lrelu: bool):
        super().__init__()
        self.weight = nn.Parameter(weight.detach().float().clone())
        self.bias = nn.Parameter(bias.detach().float().clone())
        self.lrelu = lrelu

    def forward(self, x: Tensor) -> Tensor:
        x = F.linear(x, self.weight, self.bias)
        if self.lrelu:
            x = F.leaky_relu(x, 0.2) * math.sqrt(2.0)
        return x


class Mapping(nn.Module):
    """z (and one-hot c) -> w, broadcast to num_ws layers. `w_avg` is the trained average w."""

    def __init__(self, layers: List[Dense], embed: Optional[Dense], num_ws: int, w_avg: Tensor):
        super().__init__()
        self.layers = nn.ModuleList(layers)
        self.embed = embed
        self.num_ws = num_ws
        self.register_buffer("w_avg", w_avg.detach().float().clone())  # [w_dim]

    def forward(self, z: Tensor, c: Tensor) -> Tensor:
        x = _normalize_2nd_moment(z.float())
        embed = self.embed
        if embed is not None:
            x = torch.cat([x, _normalize_2nd_moment(embed(c))], 1)
        for layer in self.layers:
            x = layer(x)
        return x.unsqueeze(1).repeat(1, self.num_ws, 1)


def depthwise(kernel2d: Tensor, channels: int) -> Tensor:
    """A 2-D FIR kernel as a depthwise convolution weight [channels, 1, kh, kw]."""
    return kernel2d.float().reshape(1, 1, kernel2d.shape[0], kernel2d.shape[1]).repeat(channels, 1, 1, 1)


class StyleConv(nn.Module):
    """One StyleGAN2 synthesis layer (3x3, optionally 2x up) or ToRGB layer (1x1, no demodulation).

    An upsampling layer is StyleGAN2's stride-2 transposed convolution followed by its FIR
    low-pass. The transposed convolution runs as its four output phases, each an ordinary
    convolution on the input grid with its own slice of the kernel (2x2, 2x1, 1x2 and 1x1 taps
    of a 3x3 kernel: no multiply by a stuffed zero), interleaved into the upsampled grid; then the
    depthwise FIR `fir` ([out, 1, fh, fw], padding `fir_pad`) and a crop to twice the input size.
    Ordinary convolutions stay on oneDNN's fast path (a transposed one falls onto ATen's slow
    kernel).

    Modulation and demodulation scale either the activations around one convolution for the whole
    batch (small images, where the activations are smaller than the weights) or each image's own
    copy of the weights in a convolution grouped by image (large images); both are independent of
    the batch size. The activation gain is folded into demodulation, noise and bias, so a layer
    ends with one multiply-add, the leaky ReLU and the clamp, in place."""

    def __init__(self, affine: Dense, weight: Tensor, bias: Tensor, *, up: int, padding: int,
                 demodulate: bool, noise: Optional[Tensor], lrelu: bool, act_gain: float,
                 clamp: float, resolution: int, phases: Optional[List[Tensor]] = None,
                 phase_pads: Optional[List[List[int]]] = None, phase_extra: int = 0,
                 fir: Optional[Tensor] = None, fir_pad: int = 0):
        super().__init__()
        weight = weight.detach().float()
        out_channels, in_channels = int(weight.shape[0]), int(weight.shape[1])
        self.affine = affine
        # Σ over the kernel of weight², [in, out]: demodulation is rsqrt(s² · this).
        self.register_buffer("wsq", weight.square().sum([2, 3]).t().contiguous())
        self.up = up
        # Upsampling layers keep the four phase kernels ([out, in, kh, kw] each) and their
        # paddings [top, bottom, left, right]; the others the weight itself.
        empty = torch.zeros(0)
        ks = [p.detach().float().clone() for p in phases] if phases is not None else [empty] * 4
        self.weight = nn.Parameter(weight.clone() if up == 1 else empty)
        self.k00 = nn.Parameter(ks[0])
        self.k01 = nn.Parameter(ks[1])
        self.k10 = nn.Parameter(ks[2])
        self.k11 = nn.Parameter(ks[3])
        pads = phase_pads if phase_pads is not None else [[0, 0, 0, 0]] * 4
        self.pad00, self.pad01, self.pad10, self.pad11 = pads[0], pads[1], pads[2], pads[3]
        self.phase_extra = phase_extra  # each phase gives H + phase_extra rows and columns
        self.padding = padding
        # ToRGB (1x1 to a few channels, which oneDNN skips for a slow kernel): a batched matmul.
        self.pointwise = up == 1 and weight.shape[-1] == 1 and out_channels <= 4
        in_res = resolution // up
        taps = weight.numel() if up == 1 else sum(int(k.numel()) for k in ks)
        self.modulate_weights = self.pointwise or taps < in_channels * in_res * in_res
        self.demodulate = demodulate
        self.lrelu = lrelu
        self.act_gain = float(act_gain)  # > 0: lrelu(a)·g = lrelu(a·g)
        self.clamp = float(clamp)
        self.out_channels = out_channels
        self.in_channels = in_channels
        # (noise × strength + bias) × gain: [1, out, R, R], or [1, out, 1, 1] without noise.
        shift = bias.detach().float().reshape(1, -1, 1, 1)
        if noise is not None:
            shift = shift + noise.detach().float().reshape(1, 1, noise.shape[-2], noise.shape[-1])
        self.register_buffer("shift", (shift * act_gain).contiguous())
        self.has_fir = fir is not None
        self.register_buffer("fir", fir.float() if fir is not None else torch.zeros(0))
        self.fir_pad = fir_pad

    def _phase(self, x: Tensor, k: Tensor, pad: List[int], groups: int, n: int, out: Tensor,
               py: int, px: int):
        """One output phase: the convolution, written into its rows and columns of `out`
        ([n, out, M, 2, M, 2]; a phase one shorter leaves its last zero row or column)."""
        if pad[0] == pad[1] and pad[2] == pad[3]:
            y = F.conv2d(x, k, padding=[pad[0], pad[2]], groups=groups)
        else:
            y = F.conv2d(F.pad(x, [pad[2], pad[3], pad[0], pad[1]]), k, groups=groups)
        y = y.reshape(n, -1, y.shape[2], y.shape[3])
        out[:, :, :y.shape[2], py, :y.shape[3], px] = y

    def _up(self, x: Tensor, k00: Tensor, k01: Tensor, k10: Tensor, k11: Tensor, groups: int,
            n: int, h: int, w: int) -> Tensor:
        m_h, m_w = h + self.phase_extra, w + self.phase_extra
        out = torch.zeros(n, self.out_channels, m_h, 2, m_w, 2, dtype=x.dtype, device=x.device)
        self._phase(x, k00, self.pad00, groups, n, out, 0, 0)
        self._phase(x, k01, self.pad01, groups, n, out, 0, 1)
        self._phase(x, k10, self.pad10, groups, n, out, 1, 0)
        self._phase(x, k11, self.pad11, groups, n, out, 1, 1)
        y = out.reshape(n, self.out_channels, m_h * 2, m_w * 2)
        if self.has_fir:
            y = F.conv2d(y, self.fir, padding=self.fir_pad, groups=self.out_channels)
        return y[:, :, :h * 2, :w * 2]

    def _modulated(self, k: Tensor, s: Tensor, scale: Tensor) -> Tensor:
        """Each image's copy of kernel k, scaled by its styles (in) and `scale` (out), stacked
        as [N·out, in, kh, kw] for a convolution grouped by image."""
        n = s.shape[0]
        m = k.unsqueeze(0) * s.reshape(n, 1, -1, 1, 1) * scale.reshape(n, -1, 1, 1, 1)
        return m.reshape(-1, k.shape[1], k.shape[2], k.shape[3])

    def forward(self, x: Tensor, w: Tensor) -> Tensor:
        s = self.affine(w)  # [N, in]
        n, c, h, wd = x.shape
        scale = torch.ones_like(s[:, :1]) * self.act_gain  # [N, 1] or [N, out]
        if self.demodulate:
            scale = (s.square().mm(self.wsq) + 1e-8).rsqrt() * self.act_gain  # [N, out]
        if self.pointwise:
            # Each image's ToRGB weights: [N, out, in] @ [N, in, H·W].
            k = self.weight.reshape(1, self.out_channels, c) * s.unsqueeze(1)
            y = torch.bmm(k, x.reshape(n, c, h * wd)).reshape(n, self.out_channels, h, wd)
            y = y + self.shift
        elif self.modulate_weights:
            grouped = x.reshape(1, n * c, h, wd)
            if self.up > 1:
                y = self._up(grouped, self._modulated(self.k00, s, scale),
                             self._modulated(self.k01, s, scale), self._modulated(self.k10, s, scale),
                             self._modulated(self.k11, s, scale), n, n, h, wd)
            else:
                y = F.conv2d(grouped, self._modulated(self.weight, s, scale), padding=self.padding,
                             groups=n).reshape(n, self.out_channels, h, wd)
            y = y + self.shift
        else:
            x = x * s.reshape(n, c, 1, 1)
            if self.up > 1:
                y = self._up(x, self.k00, self.k01, self.k10, self.k11, 1, n, h, wd)
            else:
                y = _conv(x, self.weight, self.padding)
            y = torch.addcmul(self.shift, y, scale.reshape(n, -1, 1, 1))
        if self.lrelu:
            y = F.leaky_relu_(y, 0.2)
        if self.clamp >= 0.0:
            y = y.clamp_(-self.clamp, self.clamp)
        return y


class Upsample(nn.Module):
    """StyleGAN2's upsample2d (2x zero-stuffing, then the FIR filter with gain 4) as a polyphase
    depthwise convolution: `poly` [4·C, 1, q, q] (groups C, padding `pad`), then a pixel shuffle."""

    def __init__(self, poly: Tensor, pad: int):
        super().__init__()
        self.register_buffer("poly", poly.float())
        self.channels = int(poly.shape[0]) // 4
        self.pad = pad

    def forward(self, x: Tensor) -> Tensor:
        return F.pixel_shuffle(F.conv2d(x, self.poly, padding=self.pad, groups=self.channels), 2)


class ResnetSkip(nn.Module):
    """The resnet architecture's skip: 1x1 convolution (no bias), 2x upsampling, × gain."""

    def __init__(self, weight: Tensor, upsample: Upsample, gain: float):
        super().__init__()
        self.weight = nn.Parameter(weight.detach().float().clone())  # [out, in, 1, 1], gain folded
        self.upsample = upsample
        self.gain = float(gain)

    def forward(self, x: Tensor) -> Tensor:
        return self.upsample(F.conv2d(x, self.weight)) * self.gain


class Block(nn.Module):
    """A StyleGAN2 synthesis block: [conv0 (2x up)], conv1, [ToRGB]; it reads its ws from
    `w_start` on (ToRGB shares the next block's first w, as in StyleGAN2)."""

    def __init__(self, conv0: Optional[StyleConv], conv1: StyleConv, torgb: Optional[StyleConv],
                 skip: Optional[ResnetSkip], img_upsample: Optional[Upsample], w_start: int):
        super().__init__()
        self.conv0 = conv0
        self.conv1 = conv1
        self.torgb = torgb
        self.skip = skip
        self.img_upsample = img_upsample
        self.w_start = w_start

    # `img` is empty (numel 0) until the first ToRGB: an Optional here trips TorchScript's
    # profiling executor (1.13) on the second call.
    def forward(self, x: Tensor, img: Tensor, ws: Tensor) -> Tuple[Tensor, Tensor]:
        i = self.w_start
        x_in = x
        conv0 = self.conv0
        if conv0 is not None:
            x = conv0(x, ws[:, i])
            i += 1
        x = self.conv1(x, ws[:, i])
        i += 1
        skip = self.skip
        if skip is not None:
            x = x + skip(x_in)
        upsample = self.img_upsample
        if upsample is not None and img.numel() > 0:
            img = upsample(img)
        torgb = self.torgb
        if torgb is not None:
            rgb = torgb(x, ws[:, i])
            img = rgb if img.numel() == 0 else img + rgb
        return x, img


class SynthesisSG2(nn.Module):
    """StyleGAN2's synthesis. With the skip architecture every block adds to the image, so the
    first blocks alone give the same picture at a lower resolution, for less work (preview)."""

    def __init__(self, const: Tensor, blocks: List[Block], num_ws: int):
        super().__init__()
        self.const = nn.Parameter(const.detach().float().clone())  # [C, 4, 4]
        self.blocks = nn.ModuleList(blocks)
        self.num_ws = num_ws

    def run(self, ws: Tensor, count: int) -> Tensor:
        x = self.const.unsqueeze(0).repeat(ws.shape[0], 1, 1, 1)
        img = torch.zeros(0, device=x.device)
        i = 0
        for block in self.blocks:
            if i < count:
                x, img = block(x, img, ws)
            i += 1
        return img

    def forward(self, ws: Tensor) -> Tensor:
        return self.run(ws, len(self.blocks))

    def preview(self, ws: Tensor, size: int) -> Tensor:
        count = 0
        while (4 << count) < size:
            count += 1
        assert (4 << count) == size and count + 1 < len(self.blocks), "no preview of this size"
        return self.run(ws, count + 1)


def fir_up(x: Tensor, f: Tensor, up: int, pad: List[int]) -> Tensor:
    """upfirdn2d's upsampling half: zero-stuff by `up`, pad [l, r, t, b] (negative crops), filter
    with the separable taps `f` (already scaled by up per axis). As transposed convolutions along
    each axis: their full output equals zero-stuffing padded by taps-1 before and taps-up after."""
    c = x.shape[1]
    taps = f.shape[0]
    kx = f.reshape(1, 1, 1, taps).repeat(c, 1, 1, 1)
    ky = f.reshape(1, 1, taps, 1).repeat(c, 1, 1, 1)
    x = F.conv_transpose2d(x, kx, stride=(1, up), groups=c)
    x = F.conv_transpose2d(x, ky, stride=(up, 1), groups=c)
    return F.pad(x, [pad[0] - (taps - 1), pad[1] - (taps - up), pad[2] - (taps - 1), pad[3] - (taps - up)])


class AliasFreeLayer(nn.Module):
    """One StyleGAN3 synthesis layer: modulated convolution, then the filtered leaky ReLU
    (bias, upsample with `up_taps`, leaky ReLU × gain, clamp, low-pass and downsample)."""

    def __init__(self, affine: Dense, weight: Tensor, bias: Tensor, *, demodulate: bool,
                 input_gain: Tensor, up: int, down: int, padding: List[int],
                 up_taps: Optional[Tensor], down_filter: Optional[Tensor], gain: float, slope: float,
                 clamp: float):
        super().__init__()
        weight = weight.detach().float()
        if demodulate:  # StyleGAN3 pre-normalises each output channel's weights
            weight = weight * weight.square().mean([1, 2, 3], keepdim=True).rsqrt()
        self.affine = affine
        self.weight = nn.Parameter(weight.clone())
        self.bias = nn.Parameter(bias.detach().float().clone())
        self.register_buffer("wsq", weight.square().sum([2, 3]).t().contiguous())  # [in, out]
        self.register_buffer("input_gain", input_gain.detach().float().reshape([]).clone())
        self.demodulate = demodulate
        self.conv_pad = int(weight.shape[-1]) - 1
        self.up = up
        self.down = down
        self.padding = padding
        self.has_up = up_taps is not None
        self.register_buffer("up_taps", up_taps.float() if up_taps is not None else torch.zeros(0))
        df = down_filter.float() if down_filter is not None else torch.zeros(0)
        self.has_down = down_filter is not None
        self.down_radial = df.dim() == 2
        c = int(weight.shape[0])
        if self.down_radial:
            self.register_buffer("down_k", df.flip([0, 1]).reshape(1, 1, df.shape[0], df.shape[1])
                                 .repeat(c, 1, 1, 1))
        elif self.has_down:
            self.register_buffer("down_k", df.flip([0]).reshape(1, 1, 1, -1).repeat(c, 1, 1, 1))
        else:
            self.register_buffer("down_k", torch.zeros(0))
        self.gain = float(gain)
        self.slope = float(slope)
        self.clamp = float(clamp)

    def forward(self, x: Tensor, w: Tensor) -> Tensor:
        s = self.affine(w)
        if self.demodulate:
            s = _normalize_2nd_moment(s)
        x = F.conv2d(x * s.reshape(s.shape[0], -1, 1, 1), self.weight, padding=self.conv_pad)
        if self.demodulate:
            d = (s.square().mm(self.wsq) + 1e-8).rsqrt() * self.input_gain
            x = x * d.reshape(d.shape[0], -1, 1, 1)
        else:
            x = x * self.input_gain
        x = x + self.bias.reshape(1, -1, 1, 1)
        if self.has_up:
            x = fir_up(x, self.up_taps, self.up, self.padding)
        elif self.padding[0] != 0 or self.padding[1] != 0 or self.padding[2] != 0 or self.padding[3] != 0:
            x = F.pad(x, self.padding)
        x = _act(x, True, self.slope, self.gain, self.clamp)
        if self.has_down:
            c = x.shape[1]
            if self.down_radial:
                x = F.conv2d(x, self.down_k, stride=self.down, groups=c)
            else:
                x = F.conv2d(x, self.down_k, stride=(1, self.down), groups=c)
                x = F.conv2d(x, self.down_k.transpose(2, 3), stride=(self.down, 1), groups=c)
        elif self.down > 1:
            x = x[:, :, ::self.down, ::self.down]
        return x


class FourierInput(nn.Module):
    """StyleGAN3's input: Fourier features on a fixed grid, rotated and translated by an affine of
    w[0], then a trainable channel mix. `grid` is [H*W, 2] (affine_grid's sample points)."""

    def __init__(self, affine: Dense, weight: Tensor, transform: Tensor, freqs: Tensor,
                 phases: Tensor, grid: Tensor, size: Tuple[int, int], sampling_rate: float,
                 bandwidth: float):
        super().__init__()
        self.affine = affine
        channels = int(weight.shape[0])
        self.weight = nn.Parameter(weight.detach().float().clone() / math.sqrt(channels))
        self.register_buffer("transform", transform.detach().float().clone())  # [3, 3]
        self.register_buffer("freqs", freqs.detach().float().clone())  # [C, 2]
        self.register_buffer("phases", phases.detach().float().clone())  # [C]
        self.register_buffer("grid", grid.detach().float().clone())  # [H*W, 2]
        self.width = int(size[0])
        self.height = int(size[1])
        self.sampling_rate = float(sampling_rate)
        self.bandwidth = float(bandwidth)

    def forward(self, w: Tensor) -> Tensor:
        t = self.affine(w)  # (r_c, r_s, t_x, t_y)
        t = t / t[:, :2].norm(p=2, dim=[1], keepdim=True)
        n = w.shape[0]
        one = torch.ones_like(t[:, 0])
        zero = torch.zeros_like(t[:, 0])
        # Inverse rotation, then inverse translation, then the user transform.
        m_r = torch.stack([torch.stack([t[:, 0], -t[:, 1], zero], 1),
                           torch.stack([t[:, 1], t[:, 0], zero], 1),
                           torch.stack([zero, zero, one], 1)], 1)
        m_t = torch.stack([torch.stack([one, zero, -t[:, 2]], 1),
                           torch.stack([zero, one, -t[:, 3]], 1),
                           torch.stack([zero, zero, one], 1)], 1)
        transforms = m_r @ m_t @ self.transform.unsqueeze(0)
        freqs = self.freqs.unsqueeze(0)
        phases = self.phases.unsqueeze(0) + (freqs @ transforms[:, :2, 2:]).squeeze(2)
        freqs = freqs @ transforms[:, :2, :2]  # [N, C, 2]
        amplitudes = (1 - (freqs.norm(p=2, dim=[2]) - self.bandwidth) /
                      (self.sampling_rate / 2 - self.bandwidth)).clamp(0, 1)
        x = self.grid.unsqueeze(0) @ freqs.transpose(1, 2)  # [N, H*W, C]
        x = torch.sin((x + phases.unsqueeze(1)) * (math.pi * 2)) * amplitudes.unsqueeze(1)
        x = x @ self.weight.t()
        return x.transpose(1, 2).reshape(n, -1, self.height, self.width)


class SynthesisSG3(nn.Module):
    def __init__(self, input: FourierInput, layers: List[AliasFreeLayer], output_scale: float,
                 num_ws: int):
        super().__init__()
        self.input = input
        self.layers = nn.ModuleList(layers)
        self.output_scale = float(output_scale)
        self.num_ws = num_ws

    def forward(self, ws: Tensor) -> Tensor:
        x = self.input(ws[:, 0])
        i = 1
        for layer in self.layers:
            x = layer(x, ws[:, i])
            i += 1
        return x * self.output_scale


def _as_ws(ws: Tensor, num_ws: int) -> Tensor:
    ws = ws.float()
    if ws.dim() == 2:  # one w for every layer
        ws = ws.unsqueeze(1).repeat(1, num_ws, 1)
    return ws


class StyleGANUncond(nn.Module):
    """The archive for an unconditional StyleGAN: forward(z), mapping(z), synthesis(ws), w_avg().
    `sefa` is the matrix SeFa factorises (see stylegan_convert.py); the forward never reads it."""

    def __init__(self, mapping: Mapping, synthesis: nn.Module, sefa: Tensor):
        super().__init__()
        self.mapping_net = mapping
        self.synthesis_net = synthesis
        self.num_ws = mapping.num_ws
        self.sefa = nn.Parameter(sefa.detach().float().clone())

    def forward(self, z: Tensor) -> Tensor:
        return self.synthesis(self.mapping(z))

    @torch.jit.export
    def mapping(self, z: Tensor) -> Tensor:
        return self.mapping_net(z, torch.zeros_like(z[:, :0]))

    @torch.jit.export
    def synthesis(self, ws: Tensor) -> Tensor:
        return self.synthesis_net(_as_ws(ws, self.num_ws)).clamp(-1.0, 1.0)

    @torch.jit.export
    def w_avg(self) -> Tensor:
        return self.mapping_net.w_avg


class _Preview(nn.Module):
    """preview(ws, size): the StyleGAN2 skip architecture's image after the blocks up to `size`
    pixels (one of meta.json's preview_resolutions), see SynthesisSG2."""

    @torch.jit.export
    def preview(self, ws: Tensor, size: int) -> Tensor:
        return self.synthesis_net.preview(_as_ws(ws, self.num_ws), size).clamp(-1.0, 1.0)


class StyleGANCond(StyleGANUncond):
    """forward(z, c) and mapping(z, c) with c N int64 class indices (one-hot inside)."""

    def __init__(self, mapping: Mapping, synthesis: nn.Module, sefa: Tensor, c_dim: int):
        super().__init__(mapping, synthesis, sefa)
        self.c_dim = c_dim

    def forward(self, z: Tensor, c: Tensor) -> Tensor:
        return self.synthesis(self.mapping(z, c))

    @torch.jit.export
    def mapping(self, z: Tensor, c: Tensor) -> Tensor:
        onehot = F.one_hot(c.long().reshape(-1), self.c_dim).to(z.dtype)
        return self.mapping_net(z, onehot)


class StyleGAN2Uncond(_Preview, StyleGANUncond):
    pass


class StyleGAN2Cond(_Preview, StyleGANCond):
    pass
