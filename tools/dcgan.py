"""The built-in DCGAN generator in Python, layer for layer the same as core/model/dcgan.cpp.

Parameter names ("embed.weight", "net.0.weight", ...) are the tensor names in a latent-model
file, so tools/latentfile.py can load weights written by Latent Studio and get the same outputs.
"""

import torch
from torch import nn


def embedding_size(config):
    """Effective class-embedding size: 0 unconditional, else embedding_size or one per class."""
    classes = config.get("class_names") or []
    if not classes:
        return 0
    return int(config.get("embedding_size") or 0) or len(classes)


class DCGANGenerator(nn.Module):
    """z (N x latent_size) [+ class embedding] -> N x channels x resolution x resolution in (-1, 1).

    config: the model file's metadata dict (latent_size, resolution, channels, base_width,
    class_names, embedding_size).
    """

    def __init__(self, config):
        super().__init__()
        self.latent_size = int(config["latent_size"])
        self.resolution = int(config["resolution"])
        self.channels = int(config["channels"])
        base_width = int(config["base_width"])
        if self.resolution not in (32, 64, 128):
            raise ValueError(f"resolution must be 32, 64 or 128 (got {self.resolution})")
        classes = list(config.get("class_names") or [])
        emb = embedding_size(config)
        self.conditional = emb > 0
        if self.conditional:
            self.embed = nn.Embedding(len(classes), emb)
        steps = {32: 3, 64: 4, 128: 5}[self.resolution]
        layers = []
        in_ch = self.latent_size + emb
        for i in range(steps):
            width = base_width << (steps - 1 - i)
            stride, padding = (1, 0) if i == 0 else (2, 1)
            layers += [nn.ConvTranspose2d(in_ch, width, 4, stride, padding, bias=False),
                       nn.BatchNorm2d(width), nn.ReLU(True)]
            in_ch = width
        layers += [nn.ConvTranspose2d(in_ch, self.channels, 4, 2, 1, bias=False), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, z, c=None):
        x = z
        if self.conditional:
            x = torch.cat([z, self.embed(c.long())], 1)
        return self.net(x.view(x.size(0), x.size(1), 1, 1))
