"""Tests of tools/stylegan_convert.py and export_torchscript.py's probe, on the fake NVIDIA-style
networks in tests/fixtures/stylegan_repo (run by ctest with the system python3 and its torch)."""

import contextlib
import io
import os
import pickle
import subprocess
import sys
import tempfile
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures"))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import export_torchscript as ets  # noqa: E402
import stylegan_convert  # noqa: E402
import stylegan_fixtures as fx  # noqa: E402

TOOL = os.path.join(ROOT, "tools", "export_torchscript.py")


def onehot(c, c_dim):
    return torch.nn.functional.one_hot(c, c_dim).float() if c_dim else None


class Converted(unittest.TestCase):
    """Each fake network converted once; the archive is compared with the network itself."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.nets = fx.networks()
        cls.archives = {}
        for name, (G, extras) in cls.nets.items():
            pkl = os.path.join(cls.tmp.name, name + ".pkl")
            fx.save_pickle(G, pkl, extras)
            out = os.path.join(cls.tmp.name, name + ".pt")
            with contextlib.redirect_stderr(io.StringIO()):
                _, meta, diff = stylegan_convert.convert(pkl, out, repo=fx.REPO)
            cls.archives[name] = (torch.jit.load(out), meta, diff)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def each(self):
        """(name, G, archive, meta, difference at conversion) for every fake network."""
        return [(name, G) + self.archives[name] for name, (G, _) in self.nets.items()]

    def latents(self, G, n, seed=7):
        z = torch.randn(n, G.z_dim, generator=torch.Generator().manual_seed(seed))
        c = torch.arange(n) % max(G.c_dim, 1)
        return z, c

    def test_matches_the_network_at_batch_1_3_and_64(self):
        for name, G, archive, meta, diff in self.each():
            with self.subTest(network=name):
                self.assertIsNotNone(diff)
                self.assertLess(diff, 1e-5)
                for n in (1, 3, 64):
                    z, c = self.latents(G, n)
                    with torch.no_grad():
                        ref = G(z, onehot(c, G.c_dim), noise_mode="const", force_fp32=True)
                        ours = archive(z, c) if G.c_dim else archive(z)
                    self.assertEqual(tuple(ours.shape), (n, G.img_channels, G.img_resolution, G.img_resolution))
                    # The network overshoots [-1, 1]; the archive clamps, as the app would.
                    if n == 64:
                        self.assertGreater(ref.abs().max().item(), 1.0)
                    self.assertLessEqual(ours.abs().max().item(), 1.0)
                    gap = (ours - ref.clamp(-1, 1)).abs().max().item()
                    self.assertLess(gap, 1e-5, f"batch {n}")

    def test_truncation_uses_the_trained_w_avg(self):
        for name, G, archive, meta, _ in self.each():
            with self.subTest(network=name):
                w_avg = archive.w_avg()
                self.assertTrue(torch.equal(w_avg, G.mapping.w_avg))
                z, c = self.latents(G, 256, seed=3)
                with torch.no_grad():
                    ws = archive.mapping(z, c) if G.c_dim else archive.mapping(z)
                # The trained average is not the sample mean an app would otherwise estimate.
                self.assertGreater((ws.mean(0)[0] - w_avg).norm().item(), 0.5)
                for psi in (0.0, 0.5):
                    with torch.no_grad():
                        ref = G(z[:4], onehot(c[:4], G.c_dim), truncation_psi=psi, noise_mode="const",
                                force_fp32=True)
                        ours = archive.synthesis(w_avg + psi * (ws[:4] - w_avg))
                    self.assertLess((ours - ref.clamp(-1, 1)).abs().max().item(), 1e-5, f"psi {psi}")

    def test_the_same_latent_gives_the_same_image(self):
        for name, G, archive, _, _ in self.each():
            with self.subTest(network=name):
                z, c = self.latents(G, 2)
                args = (z, c) if G.c_dim else (z,)
                with torch.no_grad():
                    self.assertTrue(torch.equal(archive(*args), archive(*args)))

    def test_the_traps_are_real(self):
        """Without the converter's care the fake StyleGAN2 draws random noise and fails in fp16."""
        G = self.nets["stylegan2"][0]
        z, _ = self.latents(G, 2)
        with torch.no_grad():
            with self.assertRaises(RuntimeError):  # float16 convolution on the CPU
                G(z, None)
            a = G(z, None, force_fp32=True)
            b = G(z, None, force_fp32=True)
        self.assertGreater((a - b).abs().max().item(), 0.01)

    def test_meta(self):
        for name, G, archive, meta, _ in self.each():
            with self.subTest(network=name):
                self.assertEqual(meta["latent_size"], G.z_dim)
                self.assertEqual(meta["resolution"], G.img_resolution)
                self.assertEqual(meta["channels"], G.img_channels)
                self.assertEqual(meta["w_size"], G.w_dim)
                self.assertEqual(meta["num_ws"], G.num_ws)
                self.assertEqual(meta["sefa_weight"], "sefa")
        self.assertEqual(self.archives["stylegan2_cond"][1]["class_names"], fx.CLASSES)
        self.assertEqual(self.archives["stylegan2"][1]["architecture"], "stylegan2")
        self.assertEqual(self.archives["stylegan3"][1]["architecture"], "stylegan3-r")
        self.assertNotIn("class_names", self.archives["stylegan2"][1])

    def test_sefa_matrices(self):
        sg3 = self.archives["stylegan3"][0]
        first = getattr(self.nets["stylegan3"][0].synthesis, self.nets["stylegan3"][0].synthesis.layer_names[0])
        sefa = dict(sg3.named_parameters())["sefa"]
        self.assertEqual(tuple(sefa.shape), tuple(first.affine.weight.shape))
        self.assertGreater(torch.linalg.matrix_rank(sefa).item(), 4)  # not the rank-4 input affine
        sg2 = dict(self.archives["stylegan2"][0].named_parameters())["sefa"]
        G = self.nets["stylegan2"][0]
        rows = sum(getattr(G.synthesis, f"b{r}").conv1.weight.shape[1] +
                   (getattr(G.synthesis, f"b{r}").conv0.weight.shape[1] if r > 4 else 0)
                   for r in G.synthesis.block_resolutions)
        self.assertEqual(tuple(sg2.shape), (rows, G.w_dim))
        self.assertTrue(torch.allclose(sg2.norm(dim=1), torch.ones(rows), atol=1e-5))

    def test_preview_is_the_skip_image_after_fewer_blocks(self):
        G, extras = fx.preview_network()
        pkl = os.path.join(self.tmp.name, "preview.pkl")
        fx.save_pickle(G, pkl, extras)
        with contextlib.redirect_stderr(io.StringIO()):
            archive, meta, _ = stylegan_convert.convert(pkl, pkl + ".pt", repo=fx.REPO)
        self.assertEqual(meta["preview_resolutions"], [16, 32])
        costs = meta["preview_costs"]
        self.assertTrue(0 < costs[0] < costs[1] < 0.5, costs)  # the 64 px block dominates
        z, _ = self.latents(G, 3)
        with torch.no_grad():
            ws = G.mapping(z, None)
            x = img = None
            at = 0
            for res in (4, 8, 16, 32):
                block = getattr(G.synthesis, f"b{res}")
                x, img = block(x, img, ws[:, at:at + block.num_conv + 1], True, None, "const")
                at += block.num_conv
            preview = archive.preview(ws, 32)
            self.assertEqual(tuple(archive.preview(ws, 16).shape), (3, 3, 16, 16))
            with self.assertRaises(Exception):
                archive.preview(ws, 24)
        self.assertEqual(tuple(preview.shape), (3, 3, 32, 32))
        self.assertLess((preview - img.clamp(-1, 1)).abs().max().item(), 1e-5)
        # StyleGAN3 has no intermediate images.
        self.assertEqual(self.archives["stylegan2"][1]["preview_resolutions"], [16])
        self.assertNotIn("preview_resolutions", self.archives["stylegan3"][1])
        self.assertFalse(hasattr(self.archives["stylegan3"][0], "preview"))

    def test_no_device_is_baked_in(self):
        for name, _, archive, _, _ in self.each():
            with self.subTest(network=name):
                code = "\n".join(m.code for m in archive.modules() if hasattr(m, "code"))
                for method in ("mapping", "synthesis", "w_avg"):
                    code += getattr(archive, method).code
                self.assertNotIn("cpu", code.lower())


class Failures(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.G = fx.networks()["stylegan2"][0]

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def run_tool(self, *args):
        env = dict(os.environ, PYTHONPATH="")  # the fake StyleGAN code must come from --stylegan-repo
        return subprocess.run([sys.executable, TOOL, *args], capture_output=True, text=True,
                              env=env, cwd=self.dir)

    def test_cli_converts_with_the_repo_and_explains_without_it(self):
        fx.save_pickle(self.G, self.path("net.pkl"), {})
        ok = self.run_tool("--stylegan", "net.pkl", "--stylegan-repo", fx.REPO, "net.pt")
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertIn("wrote net.pt (stylegan2, 32 px", ok.stdout)
        self.assertIn("matches the original", ok.stdout)
        bad = self.run_tool("--stylegan", "net.pkl", "other.pt")
        self.assertEqual(bad.returncode, 1)
        self.assertEqual(len(bad.stderr.strip().splitlines()), 1, bad.stderr)
        self.assertIn("--stylegan-repo", bad.stderr)
        self.assertIn("'fakegan'", bad.stderr)
        self.assertFalse(os.path.exists(self.path("other.pt")))

    def test_cli_one_line_for_bad_inputs(self):
        with open(self.path("text.pkl"), "w") as f:
            f.write("not a pickle\n")
        for args, words in [(["--stylegan", "missing.pkl", "x.pt"], "file not found"),
                            (["--stylegan", "text.pkl", "x.pt"], "not a Python pickle"),
                            (["--stylegan", "text.pkl", "--stylegan-repo", "nowhere", "x.pt"],
                             "not a directory")]:
            r = self.run_tool(*args)
            self.assertEqual(r.returncode, 1, args)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertIn(words, r.stderr)

    def test_wrong_number_of_class_names(self):
        G = fx.networks()["stylegan2_cond"][0]
        fx.save_pickle(G, self.path("c.pkl"), {})
        with self.assertRaisesRegex(stylegan_convert.ConversionError, "2 class names given, the network has 3"):
            with contextlib.redirect_stderr(io.StringIO()):
                stylegan_convert.convert(self.path("c.pkl"), self.path("c.pt"), repo=fx.REPO,
                                         class_names=["a", "b"])
        fx.save_pickle(G, self.path("d.pkl"), {})  # no names in the pickle: "0", "1", "2"
        with contextlib.redirect_stderr(io.StringIO()):
            _, meta, _ = stylegan_convert.convert(self.path("d.pkl"), self.path("d.pt"), repo=fx.REPO)
        self.assertEqual(meta["class_names"], ["0", "1", "2"])

    def test_export_generator_takes_g_ema_directly(self):
        with contextlib.redirect_stderr(io.StringIO()):
            scripted = ets.export_generator(self.G, self.path("g.pt"), latent_size=32, resolution=32,
                                            channels=3, name="G_ema")
        z = torch.randn(3, 32)
        with torch.no_grad():
            ref = self.G(z, None, noise_mode="const", force_fp32=True).clamp(-1, 1)
            self.assertLess((scripted(z) - ref).abs().max().item(), 1e-5)
        self.assertTrue(os.path.exists(self.path("g.pt")))

    def test_a_batch_2_trace_is_refused(self):
        wrapper = fx.HandWrapper(self.G, noise_mode="const", force_fp32=True)
        with self.assertRaisesRegex(ets.ContractError, "fails at batch size 1 although it works at 2"):
            with contextlib.redirect_stderr(io.StringIO()):
                ets.export_generator(wrapper, self.path("t.pt"), latent_size=32, resolution=32,
                                     channels=3, name="t", method="trace", clamp_output=True)
        self.assertEqual(os.listdir(self.dir), [])

    def test_random_noise_is_refused(self):
        wrapper = fx.HandWrapper(self.G, noise_mode="random", force_fp32=True, fused_modconv=False)
        with self.assertRaisesRegex(ets.ContractError, "not deterministic.*noise_mode='const'"):
            with contextlib.redirect_stderr(io.StringIO()):
                ets.export_generator(wrapper, self.path("r.pt"), latent_size=32, resolution=32,
                                     channels=3, name="r", method="trace")

    def test_overshoot_message_suggests_the_clamp(self):
        with self.assertRaisesRegex(ets.ContractError, "exceeds \\[-1, 1\\].*clamp_output=True"):
            with contextlib.redirect_stderr(io.StringIO()):
                ets.export_generator(Overshoot(), self.path("o.pt"), latent_size=4, resolution=2,
                                     channels=1, name="o")

    def test_a_failed_export_keeps_the_old_file(self):
        target = self.path("model.pt")
        with open(target, "wb") as f:
            f.write(b"the previous good archive")
        with self.assertRaises(ets.ContractError):
            ets.export_generator(Overshoot(), target, latent_size=4, resolution=2, channels=1, name="o")

        real_fdopen = os.fdopen

        def disk_full(fd, *args, **kwargs):
            f = real_fdopen(fd, *args, **kwargs)
            f.write(b"PK\x03\x04 half")
            f.close()
            raise OSError(28, "No space left on device")

        ets.os.fdopen = disk_full
        try:
            with self.assertRaises(OSError):
                ets.export_generator(Overshoot(), target, latent_size=4, resolution=2, channels=1,
                                     name="o", clamp_output=True)
        finally:
            ets.os.fdopen = real_fdopen
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"the previous good archive")
        self.assertEqual(os.listdir(self.dir), ["model.pt"])
        ets.export_generator(Overshoot(), target, latent_size=4, resolution=2, channels=1, name="o",
                             clamp_output=True)
        self.assertTrue(torch.jit.load(target)(torch.ones(1, 4)).abs().max() <= 1.0)
        self.assertEqual(oct(os.stat(target).st_mode & 0o777), oct(0o666 & ~current_umask()))

    def test_a_module_that_scripts_but_cannot_be_saved_is_traced(self):
        import dcgan  # noqa: PLC0415 - tools/

        config = {"latent_size": 8, "resolution": 32, "channels": 1, "base_width": 4,
                  "class_names": ["a", "b", "c"]}
        with contextlib.redirect_stderr(io.StringIO()) as note:
            ets.export_generator(dcgan.DCGANGenerator(config).eval(), self.path("c.pt"),
                                 latent_size=8, resolution=32, channels=1, name="c",
                                 class_names=config["class_names"])
        self.assertIn("tracing instead", note.getvalue())
        archive = torch.jit.load(self.path("c.pt"))
        self.assertEqual(tuple(archive(torch.randn(3, 8), torch.tensor([0, 1, 2])).shape), (3, 1, 32, 32))

    def test_sefa_weight_must_exist(self):
        with self.assertRaisesRegex(ets.ContractError, "sefa_weight 'nope'"):
            ets.export_generator(Overshoot(), self.path("s.pt"), latent_size=4, resolution=2,
                                 channels=1, name="s", clamp_output=True, sefa_weight="nope")
        ets.export_generator(Overshoot(), self.path("s.pt"), latent_size=4, resolution=2,
                             channels=1, name="s", clamp_output=True, sefa_weight="g.fc.weight")


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Overshoot(torch.nn.Module):
    """A generator without a final tanh: its images go past [-1, 1]."""

    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 4)

    def forward(self, z):
        return (self.fc(z) * 10).view(-1, 1, 2, 2)


if __name__ == "__main__":
    unittest.main()
