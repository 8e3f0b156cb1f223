#!/usr/bin/env python3
"""Trains PixTools' colour blind DnCNN, exports it to ONNX (FP32 and INT8) and evaluates it -- one command.

    nice -n 10 /usr/bin/python3 ml/training/train_dncnn.py            # from the repository root
    nice -n 10 /usr/bin/python3 ml/training/train_dncnn.py --init ml/model/dncnn.onnx --steps 6000 --lr 5e-4
                                                   # continue from the committed model (how it was made; ml/README.md)

Steps: locate the photos installed by Debian packages (data_sources.py) -> train a colour DnCNN (Zhang et al.
2017: residual learning, 3x3 conv + BN + ReLU) on random patches, each with Gaussian noise of sigma ~ U[0, 55]
(0-255 scale) or camera-like noise (camera_noise.py, --camera-fraction of them) -> fold BN into the convolutions
-> export ml/model/dncnn.onnx (output = input - residual) ->
verify the export -> write ml/model/dncnn.json -> the INT8 build (quantize_int8.py) -> evaluate on the held-out photos
(evaluate.py, Gaussian and camera-like noise).

Everything is seeded (python, numpy, torch); with the same seed, package versions and thread count the run
produces the same weights. Checkpoints (with RNG states) go to --work-dir so an interrupted run can be continued
with --resume and still end with the same weights.
"""

import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import random
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import data_sources  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

OPSET = 13


# ---------------------------------------------------------------------------------------------------- model
class DnCNN(nn.Module):
    """Colour DnCNN: conv+ReLU, (depth-2) x (conv+BN+ReLU), conv. Predicts the noise residual."""

    def __init__(self, depth=10, width=48, channels=3, batchnorm=True):
        super().__init__()
        layers = [nn.Conv2d(channels, width, 3, padding=1, bias=True), nn.ReLU(inplace=True)]
        for _ in range(depth - 2):
            if batchnorm:
                layers += [nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width),
                           nn.ReLU(inplace=True)]
            else:
                layers += [nn.Conv2d(width, width, 3, padding=1, bias=True), nn.ReLU(inplace=True)]
        layers += [nn.Conv2d(width, channels, 3, padding=1, bias=True)]
        self.body = nn.Sequential(*layers)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        # Start the last layer small so the untrained network is close to the identity denoiser.
        with torch.no_grad():
            self.body[-1].weight.mul_(0.1)

    def forward(self, x):
        return self.body(x)


class Denoiser(nn.Module):
    """What is exported: output = input - predicted residual."""

    def __init__(self, residual_net):
        super().__init__()
        self.net = residual_net

    def forward(self, x):
        return x - self.net(x)


def fold_batchnorm(model):
    """Returns a plain Sequential of Conv2d(with bias)+ReLU equal to model (in eval mode) with BN folded."""
    model = model.eval()
    out = []
    mods = list(model.body)
    i = 0
    while i < len(mods):
        m = mods[i]
        if isinstance(m, nn.Conv2d):
            w = m.weight.detach().clone()
            b = m.bias.detach().clone() if m.bias is not None else torch.zeros(m.out_channels)
            if i + 1 < len(mods) and isinstance(mods[i + 1], nn.BatchNorm2d):
                bn = mods[i + 1]
                scale = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
                w = w * scale.view(-1, 1, 1, 1)
                b = (b - bn.running_mean) * scale + bn.bias.detach()
                i += 1
            conv = nn.Conv2d(m.in_channels, m.out_channels, 3, padding=1, bias=True)
            with torch.no_grad():
                conv.weight.copy_(w)
                conv.bias.copy_(b)
            out.append(conv)
        elif isinstance(m, nn.ReLU):
            out.append(nn.ReLU())
        else:
            raise TypeError(type(m))
        i += 1
    return nn.Sequential(*out).eval()


def count_params(model):
    return int(sum(p.numel() for p in model.parameters()))


# ----------------------------------------------------------------------------------------------------- data
class PatchSampler:
    """Random patches (uniform over all pixel positions of all images at all scales) with 8-fold dihedral
    augmentation (4 rotations x optional flip)."""

    def __init__(self, images_u8, patch, scales, rng):
        from skimage.transform import rescale
        self.patch = patch
        self.rng = rng
        self.arrays = []
        for ident, img in images_u8:
            f = img.astype(np.float32) / 255.0
            for s in scales:
                if s == 1.0:
                    a = f
                else:
                    a = rescale(f.astype(np.float64), s, order=3, anti_aliasing=True, channel_axis=-1,
                                mode="reflect")
                    a = (np.clip(np.round(a * 255.0), 0, 255) / 255.0).astype(np.float32)
                if min(a.shape[:2]) >= patch:
                    self.arrays.append(np.ascontiguousarray(a))
        weights = np.array([(a.shape[0] - patch + 1) * (a.shape[1] - patch + 1) for a in self.arrays],
                           dtype=np.float64)
        self.prob = weights / weights.sum()
        self.total_pixels = int(sum(a.shape[0] * a.shape[1] for a in self.arrays))

    def batch(self, n):
        p = self.patch
        out = np.empty((n, p, p, 3), dtype=np.float32)
        idx = self.rng.choice(len(self.arrays), size=n, p=self.prob)
        for j, k in enumerate(idx):
            a = self.arrays[k]
            y = self.rng.integers(0, a.shape[0] - p + 1)
            x = self.rng.integers(0, a.shape[1] - p + 1)
            t = a[y:y + p, x:x + p]
            mode = self.rng.integers(0, 8)
            t = np.rot90(t, k=int(mode % 4), axes=(0, 1))
            if mode >= 4:
                t = t[:, ::-1]
            out[j] = t
        return torch.from_numpy(np.ascontiguousarray(out.transpose(0, 3, 1, 2)))


def add_noise(clean, sigma_max, gen):
    """Per-patch sigma ~ U[0, sigma_max] (0-255 scale); noisy is clipped to [0,1] and quantised to 8 bit, like
    a real 8-bit upload."""
    n = clean.shape[0]
    sigma = torch.rand(n, 1, 1, 1, generator=gen) * (sigma_max / 255.0)
    noise = torch.randn(clean.shape, generator=gen) * sigma
    noisy = torch.clamp(clean + noise, 0.0, 1.0)
    noisy = torch.round(noisy * 255.0) / 255.0
    return noisy


def add_camera_noise(clean, fraction, rng):
    """Replaces a fraction of the batch's noisy patches by camera-like ones (camera_noise.py: signal-dependent noise
    on a Bayer mosaic, demosaiced, colour-corrected, sRGB, JPEG 60-95); the rest keep their Gaussian noise."""
    import camera_noise
    out = []
    for patch in clean:
        if rng.random() < fraction:
            hwc = patch.numpy().transpose(1, 2, 0)
            out.append(torch.from_numpy(camera_noise.camera_noisy(hwc, rng).astype(np.float32)
                                        .transpose(2, 0, 1) / 255.0))
        else:
            out.append(None)
    return out


def noisy_batch(clean, args, noise_gen, camera_rng):
    noisy = add_noise(clean, args.sigma_max, noise_gen)
    if args.camera_fraction > 0:
        for i, patch in enumerate(add_camera_noise(clean, args.camera_fraction, camera_rng)):
            if patch is not None:
                noisy[i] = patch
    return noisy


def load_onnx_weights(model, path):
    """Starts a BN-free DnCNN from an exported model's convolutions (same depth and width)."""
    import evaluate
    runner = evaluate.OnnxTorchRunner(path)
    convs = [n for n in runner.nodes if n.op_type == "Conv"]
    mine = [m for m in model.body if isinstance(m, nn.Conv2d)]
    if len(convs) != len(mine):
        raise SystemExit("--init %s has %d convolutions, this network %d" % (path, len(convs), len(mine)))
    with torch.no_grad():
        for node, conv in zip(convs, mine):
            conv.weight.copy_(runner.inits[node.input[1]])
            conv.bias.copy_(runner.inits[node.input[2]])


def lr_at(step, steps, lr, lr_min, warmup):
    if step < warmup:
        return lr * (step + 1) / warmup
    t = (step - warmup) / max(1, steps - warmup)
    return lr_min + 0.5 * (lr - lr_min) * (1.0 + math.cos(math.pi * t))


# --------------------------------------------------------------------------------------------------- export
def export_onnx(model, path, log=print):
    folded = fold_batchnorm(model)
    # Folding check: folded network == BN network in eval mode.
    with torch.no_grad():
        x = torch.rand(2, 3, 37, 53, generator=torch.Generator().manual_seed(1))
        d = (model.eval()(x) - folded(x)).abs().max().item()
    log("BN folding max abs diff: %.2e" % d)
    assert d < 1e-4, d
    den = Denoiser(folded).eval()
    dummy = torch.rand(1, 3, 64, 64, generator=torch.Generator().manual_seed(2))
    torch.onnx.export(
        den, dummy, path, opset_version=OPSET, input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"},
                      "output": {0: "batch", 2: "height", 3: "width"}},
        do_constant_folding=True, export_params=True)
    import onnx
    m = onnx.load(path)
    m.doc_string = ("PixTools colour DnCNN (blind Gaussian denoiser). input: float32 NCHW RGB in [0,1]; "
                    "output: denoised image, same shape (input minus predicted noise; not clamped).")
    m.producer_name = "pixtools-ml-training"
    for k, v in (("layout", "NCHW"), ("color_order", "RGB"), ("value_range", "[0,1]"), ("dtype", "float32"),
                 ("output", "denoised image = input - predicted residual (clamp to [0,1] before 8-bit)")):
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return den, folded


def verify_onnx(path, den, log=print):
    """Checks the .onnx file: it loads and is valid (onnx package), and if onnxruntime is importable, that it
    runs with dynamic batch/height/width and matches PyTorch."""
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    g = m.graph
    info = {
        "onnx_checker": "passed",
        "inputs": [(i.name, [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim],
                    onnx.TensorProto.DataType.Name(i.type.tensor_type.elem_type)) for i in g.input],
        "outputs": [(o.name, [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim],
                     onnx.TensorProto.DataType.Name(o.type.tensor_type.elem_type)) for o in g.output],
        "ops": sorted({n.op_type for n in g.node}),
    }
    log("ONNX graph: %s" % json.dumps(info))
    assert [i[0] for i in info["inputs"]] == ["input"] and [o[0] for o in info["outputs"]] == ["output"]
    assert info["inputs"][0][2] == "FLOAT" and info["outputs"][0][2] == "FLOAT"
    shapes = [(1, 3, 37, 53), (2, 3, 64, 80), (1, 3, 131, 97)]
    gen = torch.Generator().manual_seed(3)
    try:
        import onnxruntime as ort
    except ImportError:
        ort = None
    if ort is None:
        import evaluate
        runner = evaluate.OnnxTorchRunner(path)
        info["runtime_check"] = "onnxruntime not importable; graph executed from the .onnx weights with PyTorch"
    else:
        import evaluate
        runner = evaluate.OrtRunner(path)
        info["runtime_check"] = "onnxruntime %s" % ort.__version__
    worst = 0.0
    for s in shapes:
        x = torch.rand(*s, generator=gen)
        with torch.no_grad():
            ref = den(x).numpy()
        y = runner(x.numpy())
        assert y.shape == ref.shape, (y.shape, ref.shape)
        worst = max(worst, float(np.abs(y - ref).max()))
    info["dynamic_shapes_checked"] = [list(s) for s in shapes]
    info["max_abs_diff_vs_pytorch"] = worst
    log("runtime check (%s) on %s: max abs diff vs PyTorch %.2e" % (info["runtime_check"], shapes, worst))
    assert worst < 1e-4, worst
    return info


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ----------------------------------------------------------------------------------------------------- main
def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--steps", type=int, default=5000, help="optimizer steps (one batch each)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--patch", type=int, default=48, help="training patch size in pixels")
    ap.add_argument("--depth", type=int, default=10, help="number of conv layers")
    ap.add_argument("--width", type=int, default=48, help="feature channels")
    ap.add_argument("--sigma-max", type=float, default=55.0, help="noise sigma ~ U[0, sigma-max], 0-255 scale")
    ap.add_argument("--camera-fraction", type=float, default=0.5,
                    help="share of patches with camera-like noise (camera_noise.py) instead of Gaussian noise")
    ap.add_argument("--init", help="start from this exported .onnx (same depth/width; trains without BN)")
    ap.add_argument("--lr", type=float, default=1e-3, help="Adam peak learning rate")
    ap.add_argument("--lr-min", type=float, default=1e-5, help="final learning rate (cosine decay)")
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--scales", default="1.0,0.8,0.6", help="image scales used for patch sampling")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(REPO, "ml", "model"), help="where dncnn.onnx/.json go")
    ap.add_argument("--work-dir", default="/tmp/pixtools-dncnn-work", help="checkpoints (not committed)")
    ap.add_argument("--checkpoint-every", type=int, default=250)
    ap.add_argument("--log-every", type=int, default=100)
    ap.add_argument("--resume", action="store_true", help="continue from --work-dir/checkpoint.pt")
    ap.add_argument("--stop-at", type=int, default=0,
                    help="(testing) exit right after the checkpoint of this step, to try --resume")
    ap.add_argument("--no-nlm", action="store_true", help="skip the non-local-means reference in evaluation")
    ap.add_argument("--no-eval", action="store_true", help="stop after export and verification")
    ap.add_argument("--no-int8", action="store_true", help="do not write the INT8 build (quantize_int8.py)")
    ap.add_argument("--skip-train", action="store_true",
                    help="do not train; export+evaluate the final checkpoint in --work-dir")
    ap.add_argument("--allow-missing", action="store_true", help="train even if some photos are missing")
    return ap.parse_args(argv)


def log(*a):
    print("[%s]" % datetime.datetime.now().strftime("%H:%M:%S"), *a, flush=True)


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    os.makedirs(args.work_dir, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.work_dir, "checkpoint.pt")
    final_path = os.path.join(args.work_dir, "final.pt")
    scales = [float(s) for s in args.scales.split(",")]

    log("torch %s, numpy %s, python %s, threads %d" % (torch.__version__, np.__version__,
                                                        platform.python_version(), torch.get_num_threads()))
    train_imgs, train_manifest = data_sources.load_train(allow_missing=args.allow_missing, log=log)
    log("training photos: %d (%.1f MP at base scale)" % (
        len(train_imgs), sum(i.shape[0] * i.shape[1] for _, i in train_imgs) / 1e6))

    model = DnCNN(args.depth, args.width, batchnorm=args.init is None)
    init_sha256 = None
    if args.init:
        load_onnx_weights(model, args.init)
        init_sha256 = sha256_file(args.init)
        log("initialised from %s (sha256 %s), without batch normalisation" % (args.init, init_sha256))
    model = model.to(memory_format=torch.channels_last)
    n_params = count_params(model)
    log("DnCNN depth %d width %d: %d trainable parameters, receptive field %d px" % (
        args.depth, args.width, n_params, 2 * args.depth + 1))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    data_rng = np.random.default_rng(args.seed)
    noise_gen = torch.Generator().manual_seed(args.seed + 1)
    camera_rng = np.random.default_rng(args.seed + 2)
    sampler = PatchSampler(train_imgs, args.patch, scales, data_rng)
    log("patch pool: %d arrays, %.1f MP over scales %s" % (len(sampler.arrays), sampler.total_pixels / 1e6,
                                                          scales))
    history = []
    start_step = 0
    train_seconds = 0.0
    if args.skip_train:
        state = torch.load(final_path)
        model.load_state_dict(state["model"])
        history, train_seconds, start_step = state["history"], state["train_seconds"], state["step"]
        log("loaded %s (step %d)" % (final_path, start_step))
    else:
        if args.resume and os.path.exists(ckpt_path):
            state = torch.load(ckpt_path)
            model.load_state_dict(state["model"])
            opt.load_state_dict(state["opt"])
            data_rng.bit_generator.state = state["data_rng"]
            camera_rng.bit_generator.state = state["camera_rng"]
            noise_gen.set_state(state["noise_gen"])
            random.setstate(state["py_rng"])
            torch.set_rng_state(state["torch_rng"])
            history, train_seconds, start_step = state["history"], state["train_seconds"], state["step"]
            log("resumed from step %d" % start_step)
        model.train()
        base_seconds, session_start, session_first = train_seconds, time.time(), start_step
        run_loss, run_n = 0.0, 0
        for step in range(start_step, args.steps):
            lr = lr_at(step, args.steps, args.lr, args.lr_min, args.warmup)
            for g in opt.param_groups:
                g["lr"] = lr
            clean = sampler.batch(args.batch)
            noisy = noisy_batch(clean, args, noise_gen, camera_rng)
            target = (noisy - clean).contiguous(memory_format=torch.channels_last)
            noisy = noisy.contiguous(memory_format=torch.channels_last)
            opt.zero_grad(set_to_none=True)
            loss = torch.mean((model(noisy) - target) ** 2)
            loss.backward()
            opt.step()
            run_loss += loss.item()
            run_n += 1
            done = step + 1
            train_seconds = base_seconds + (time.time() - session_start)
            if done % args.log_every == 0 or done == args.steps:
                per_step = (time.time() - session_start) / (done - session_first)
                mse = run_loss / run_n
                history.append({"step": done, "lr": round(lr, 7), "mse": mse,
                                "psnr_equiv_db": round(10 * math.log10(1.0 / max(mse, 1e-12)), 2),
                                "elapsed_s": round(train_seconds, 1)})
                log("step %5d/%d  lr %.2e  loss %.3e (%.2f dB)  %.2f s/step  elapsed %.1f min  eta %.1f min" % (
                    done, args.steps, lr, mse, history[-1]["psnr_equiv_db"], per_step, train_seconds / 60,
                    per_step * (args.steps - done) / 60))
                run_loss, run_n = 0.0, 0
            if done % args.checkpoint_every == 0 or done == args.steps:
                torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": done,
                            "data_rng": data_rng.bit_generator.state,
                            "camera_rng": camera_rng.bit_generator.state, "noise_gen": noise_gen.get_state(),
                            "py_rng": random.getstate(), "torch_rng": torch.get_rng_state(),
                            "history": history, "train_seconds": train_seconds, "args": vars(args)},
                           ckpt_path)
                if args.stop_at and done >= args.stop_at:
                    log("stopping at step %d (--stop-at); continue with --resume" % done)
                    return
        torch.save({"model": model.state_dict(), "step": args.steps, "history": history,
                    "train_seconds": train_seconds, "args": vars(args)}, final_path)
        start_step = args.steps
        log("training done: %d steps in %.1f min" % (args.steps, train_seconds / 60))

    # ---- export
    model = model.to(memory_format=torch.contiguous_format).eval()
    onnx_path = os.path.join(args.out, "dncnn.onnx")
    den, folded = export_onnx(model, onnx_path, log=log)
    digest = sha256_file(onnx_path)
    size = os.path.getsize(onnx_path)
    log("wrote %s (%d bytes, sha256 %s)" % (onnx_path, size, digest))
    verification = verify_onnx(onnx_path, den, log=log)

    meta = {
        "name": "pixtools-dncnn-color-blind",
        "description": "Colour DnCNN (Zhang et al. 2017, residual learning), blind: additive white Gaussian noise of "
                       "sigma 0-55 on the 0-255 scale and camera-like noise (signal-dependent, demosaiced, "
                       "JPEG-compressed). The graph outputs the denoised image (input minus the predicted noise); "
                       "BN, where trained with it, is folded into the convolutions.",
        "file": "dncnn.onnx",
        "sha256": digest,
        "size_bytes": size,
        "input": {"name": "input", "dtype": "float32", "layout": "NCHW", "shape": ["batch", 3, "height", "width"],
                  "color_order": "RGB", "value_range": [0.0, 1.0]},
        "output": {"name": "output", "dtype": "float32", "layout": "NCHW",
                   "shape": ["batch", 3, "height", "width"], "color_order": "RGB",
                   "value_range": [0.0, 1.0],
                   "semantics": "denoised image = input - predicted residual; not clamped in the graph, "
                                "clamp to [0,1] before converting to 8 bit"},
        "opset": OPSET,
        "architecture": {
            "type": "DnCNN (colour, residual)",
            "depth": args.depth,
            "width": args.width,
            "layers": "Conv3x3(3->%d)+ReLU, %d x [Conv3x3(%d->%d)+%sReLU], Conv3x3(%d->3)" % (
                args.width, args.depth - 2, args.width, args.width, "" if args.init else "BN+", args.width),
            "parameters_trained": n_params,
            "parameters_exported_bn_folded": count_params(folded),
            "receptive_field_px": 2 * args.depth + 1,
            "padding": "zero padding 1 per conv (same size output); any height/width >= 1 works",
            "macs_per_pixel": int(9 * (3 * args.width + (args.depth - 2) * args.width ** 2 + args.width * 3)),
        },
        "training": {
            "sigma_range_0_255": [0.0, args.sigma_max],
            "sigma_sampling": "uniform per patch",
            "noise": "per patch: with probability %.2f camera-like noise (camera_noise.py: Poisson-Gaussian noise "
                     "on an RGGB mosaic with Brooks et al.'s shot/read noise ranges, bilinear demosaic, random camera "
                     "colour matrix and white balance, sRGB curve, 8 bit, JPEG quality 60-95 with 4:2:0 chroma), "
                     "otherwise additive white Gaussian, i.i.d. per pixel and channel, clipped to [0,1] and rounded "
                     "to 8 bit" % args.camera_fraction,
            "initialised_from": {"file": args.init, "sha256": init_sha256} if args.init else None,
            "seed": args.seed,
            "steps": start_step,
            "batch": args.batch,
            "patch_px": args.patch,
            "patches_seen": start_step * args.batch,
            "augmentation": "random crops from images at scales %s, 8-fold rotation/flip" % scales,
            "loss": "MSE between predicted and true residual (noisy - clean)",
            "optimizer": "Adam, lr %.0e, %d warm-up steps, cosine decay to %.0e" % (
                args.lr, args.warmup, args.lr_min),
            "threads": args.threads,
            "train_seconds": round(train_seconds, 1),
            "torch": torch.__version__,
            "numpy": np.__version__,
            "command": "nice -n 10 /usr/bin/python3 ml/training/train_dncnn.py" + (
                " " + " ".join(sys.argv[1:]) if len(sys.argv) > 1 else ""),
            "loss_history": history,
        },
        "data": {
            "debian_packages": data_sources.PACKAGES,
            "train_photos": train_manifest,
            "held_out_photos": [{"id": i, "package": p, "path": f} for i, p, f in data_sources.HELD_OUT],
            "max_side_px": data_sources.MAX_SIDE,
        },
        "verification": verification,
        "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    json_path = os.path.join(args.out, "dncnn.json")
    with open(json_path, "w") as fh:
        json.dump(meta, fh, indent=2)
        fh.write("\n")

    if not args.no_int8:
        import quantize_int8
        log("quantizing to INT8 ...")
        quantize_int8.main(["--model-dir", args.out, "--threads", str(args.threads)])
    if args.no_eval:
        log("wrote %s (no evaluation)" % json_path)
        return
    # ---- evaluate
    import evaluate
    log("evaluating on held-out photos ...")
    result = evaluate.evaluate(onnx_path, use_nlm=not args.no_nlm, threads=args.threads, log=log)
    runners = {"model": evaluate.load_runner(onnx_path, args.threads)}
    if args.init:
        runners["initial model"] = evaluate.load_runner(args.init, args.threads)
    result["camera"] = evaluate.evaluate_camera(runners, log=log)
    meta["evaluation"] = result
    with open(json_path, "w") as fh:
        json.dump(meta, fh, indent=2)
        fh.write("\n")
    print()
    print(evaluate.markdown_table(result))
    print()
    print(evaluate.per_image_table(result))
    print()
    print(evaluate.camera_table(result["camera"]))
    print()
    print(json.dumps(result["targets"], indent=2))
    log("wrote %s" % json_path)


if __name__ == "__main__":
    main()
