#!/usr/bin/env python3
"""Evaluates the exported DnCNN (ml/model/dncnn.onnx) on the held-out photos.

Prints PSNR / SSIM at noise sigma 15, 25 and 50 (0-255 scale) for the noisy input, classical baselines and the
model. Usage (from the repository root):

    /usr/bin/python3 ml/training/evaluate.py                      # evaluate ml/model/dncnn.onnx, print tables
    /usr/bin/python3 ml/training/evaluate.py --update-json        # also rewrite the "evaluation" of dncnn.json

Protocol (fixed, so numbers are comparable between runs):
  * clean image: the held-out photo as uint8 RGB (see data_sources.HELD_OUT), full size;
  * noisy image: clip(round(clean + sigma * N(0,1)), 0, 255) as uint8 -- i.e. what an 8-bit upload looks like;
    the noise is drawn from numpy's default_rng([noise_seed, image_index, sigma]) so it is identical every run;
  * every method's output is rounded/clipped to uint8 (what the service would return) before scoring;
  * PSNR with data_range 255 over all three channels; SSIM = skimage.metrics.structural_similarity with
    channel_axis=-1, data_range=255 (7x7 uniform window, the skimage default), averaged over channels;
  * the table reports the mean over the held-out photos.

Classical baselines: Gaussian blur (blur radius picked per noise level from a grid, the best on these same
photos, so it is an optimistic baseline), median 3x3 / 5x5 (best of the two per noise level), and as a stronger
classical reference non-local means (skimage, told the true sigma).

The model is run with ONNX Runtime when the ``onnxruntime`` module can be imported; otherwise the weights are
read from the .onnx file with the ``onnx`` package and the graph (Conv/Relu/Sub only) is executed with PyTorch.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import data_sources  # noqa: E402

SIGMAS = (15, 25, 50)
NOISE_SEED = 20240515
GAUSS_GRID = (0.5, 0.7, 0.9, 1.1, 1.3, 1.6, 2.0, 2.5)
MEDIAN_SIZES = (3, 5)


# ----------------------------------------------------------------------------------------------------- model
class OnnxTorchRunner:
    """Executes the exported graph with PyTorch using the weights stored in the .onnx file (fallback)."""

    def __init__(self, path):
        import onnx
        from onnx import numpy_helper
        import torch
        self.torch = torch
        model = onnx.load(path)
        g = model.graph
        self.inits = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in g.initializer}
        self.nodes = list(g.node)
        self.input_name = g.input[0].name
        self.output_name = g.output[0].name
        for n in self.nodes:
            if n.op_type not in ("Conv", "Relu", "Sub"):
                raise RuntimeError("fallback runner does not support op %s" % n.op_type)
        self.kind = "pytorch-fallback(onnx weights)"

    def __call__(self, x):
        torch = self.torch
        F = torch.nn.functional
        env = {self.input_name: torch.from_numpy(x)}
        env.update(self.inits)
        with torch.no_grad():
            for n in self.nodes:
                ins = [env[i] for i in n.input if i]
                if n.op_type == "Conv":
                    attrs = {a.name: a for a in n.attribute}
                    pads = list(attrs["pads"].ints) if "pads" in attrs else [0, 0, 0, 0]
                    assert pads[0] == pads[2] and pads[1] == pads[3]
                    out = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, padding=(pads[0], pads[1]))
                elif n.op_type == "Relu":
                    out = F.relu(ins[0])
                else:
                    out = ins[0] - ins[1]
                env[n.output[0]] = out
        return env[self.output_name].numpy()


class OrtRunner:
    def __init__(self, path, threads=2):
        import onnxruntime as ort
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
        self.kind = "onnxruntime %s" % ort.__version__

    def __call__(self, x):
        return self.sess.run(["output"], {"input": x})[0]


def load_runner(path, threads=2, prefer_ort=True):
    if prefer_ort:
        try:
            return OrtRunner(path, threads)
        except ImportError:
            pass
    return OnnxTorchRunner(path)


# ------------------------------------------------------------------------------------------------- metrics
def psnr(clean_u8, out_u8):
    from skimage.metrics import peak_signal_noise_ratio
    return float(peak_signal_noise_ratio(clean_u8, out_u8, data_range=255))


def ssim(clean_u8, out_u8):
    from skimage.metrics import structural_similarity
    return float(structural_similarity(clean_u8, out_u8, data_range=255, channel_axis=-1))


def to_u8(x):
    return np.clip(np.round(x), 0, 255).astype(np.uint8)


def make_noisy(clean_u8, sigma, index, seed=NOISE_SEED):
    rng = np.random.default_rng([seed, index, sigma])
    noise = rng.standard_normal(clean_u8.shape) * sigma
    return to_u8(clean_u8.astype(np.float64) + noise)


# ----------------------------------------------------------------------------------------------- denoisers
def gaussian(noisy_u8, s):
    from scipy.ndimage import gaussian_filter
    return to_u8(gaussian_filter(noisy_u8.astype(np.float64), sigma=(s, s, 0), mode="reflect"))


def median(noisy_u8, k):
    from scipy.ndimage import median_filter
    return median_filter(noisy_u8, size=(k, k, 1), mode="reflect")


def nlm(noisy_u8, sigma):
    from skimage.restoration import denoise_nl_means
    x = noisy_u8.astype(np.float64) / 255.0
    s = sigma / 255.0
    out = denoise_nl_means(x, h=0.8 * s, sigma=s, patch_size=5, patch_distance=6, fast_mode=True,
                           channel_axis=-1)
    return to_u8(out * 255.0)


def camera_noisy_held_out(images):
    """The realistic cases: each held-out photo through camera_noise's pipeline at the fixed EVAL_CASES levels."""
    import camera_noise
    cases = []
    for label, shot, read, quality in camera_noise.EVAL_CASES:
        noisy = [camera_noise.camera_noisy(clean / 255.0, np.random.default_rng([NOISE_SEED, idx, int(shot * 1e6)]),
                                           shot=shot, read=read, quality=quality, camera=camera_noise.EVAL_CAMERA)
                 for idx, (_, clean) in enumerate(images)]
        cases.append((label, noisy))
    return cases


def best_of(clean_u8, candidates):
    """The candidate output with the highest PSNR (an oracle choice of a baseline's setting)."""
    return max(candidates, key=lambda out: psnr(clean_u8, out))


def nlm_estimated(noisy_u8, scale):
    """Non-local means told the noise level skimage estimates from the image, times scale (camera noise has no
    single true sigma)."""
    from skimage.restoration import estimate_sigma
    sigma = float(estimate_sigma(noisy_u8.astype(np.float64), channel_axis=-1, average_sigmas=True))
    return nlm(noisy_u8, sigma * scale)


CAMERA_NLM_SCALES = (1.0, 1.5, 2.0, 3.0)


def evaluate_camera(runners, log=print):
    """PSNR / SSIM on the realistic cases for the noisy input, the best Gaussian blur, non-local means (the best of
    CAMERA_NLM_SCALES x estimated sigma, an oracle choice) and each runner (name -> runner)."""
    images, _ = data_sources.load_held_out()
    table = {}
    for label, noisy_images in camera_noisy_held_out(images):
        rows = {}
        for (ident, clean), noisy in zip(images, noisy_images):
            outputs = {"noisy": noisy,
                       "gaussian": best_of(clean, [gaussian(noisy, s) for s in GAUSS_GRID]),
                       "nlm": best_of(clean, [nlm_estimated(noisy, k) for k in CAMERA_NLM_SCALES])}
            for name, runner in runners.items():
                outputs[name] = run_model(runner, noisy)
            for method, out in outputs.items():
                rows.setdefault(method, []).append((psnr(clean, out), ssim(clean, out)))
        table[label] = {m: {"psnr": round(float(np.mean([p for p, _ in v])), 2),
                            "ssim": round(float(np.mean([q for _, q in v])), 4)} for m, v in rows.items()}
        log("%s: %s" % (label, {m: r["psnr"] for m, r in table[label].items()}))
    return table


def camera_table(table):
    methods = list(next(iter(table.values())).keys())
    lines = ["| Case | " + " | ".join(methods) + " |", "|---|" + "---|" * len(methods)]
    for label, rows in table.items():
        lines.append("| %s | %s |" % (label, " | ".join("%.2f / %.3f" % (rows[m]["psnr"], rows[m]["ssim"])
                                                         for m in methods)))
    return "\n".join(lines)


def run_model(runner, noisy_u8):
    x = noisy_u8.astype(np.float32).transpose(2, 0, 1)[None] / np.float32(255.0)
    y = runner(np.ascontiguousarray(x))
    return to_u8(y[0].transpose(1, 2, 0) * 255.0)


# ------------------------------------------------------------------------------------------------ evaluate
def evaluate(onnx_path, use_nlm=True, threads=2, prefer_ort=True, log=print, time_mp=True):
    images, manifest = data_sources.load_held_out()
    runner = load_runner(onnx_path, threads, prefer_ort)
    log("evaluating %s with %s on %d held-out photos" % (onnx_path, runner.kind, len(images)))
    per_image = {}
    summary = {}
    model_seconds = 0.0
    model_pixels = 0
    for sigma in SIGMAS:
        rows = {}  # method -> list of (psnr, ssim) per image
        gauss_all = {s: [] for s in GAUSS_GRID}
        med_all = {k: [] for k in MEDIAN_SIZES}
        for idx, (ident, clean) in enumerate(images):
            noisy = make_noisy(clean, sigma, idx)
            rows.setdefault("noisy", []).append((psnr(clean, noisy), ssim(clean, noisy)))
            for s in GAUSS_GRID:
                out = gaussian(noisy, s)
                gauss_all[s].append((psnr(clean, out), ssim(clean, out)))
            for k in MEDIAN_SIZES:
                out = median(noisy, k)
                med_all[k].append((psnr(clean, out), ssim(clean, out)))
            if use_nlm:
                out = nlm(noisy, sigma)
                rows.setdefault("nlm", []).append((psnr(clean, out), ssim(clean, out)))
            t0 = time.perf_counter()
            out = run_model(runner, noisy)
            model_seconds += time.perf_counter() - t0
            model_pixels += clean.shape[0] * clean.shape[1]
            rows.setdefault("model", []).append((psnr(clean, out), ssim(clean, out)))
        best_s = max(GAUSS_GRID, key=lambda s: np.mean([p for p, _ in gauss_all[s]]))
        best_k = max(MEDIAN_SIZES, key=lambda k: np.mean([p for p, _ in med_all[k]]))
        rows["gaussian"] = gauss_all[best_s]
        rows["median"] = med_all[best_k]
        params = {"gaussian": "blur sigma %.1f px" % best_s, "median": "%dx%d" % (best_k, best_k),
                  "nlm": "skimage fast NLM, h=0.8*sigma, true sigma", "noisy": "", "model": ""}
        summary[str(sigma)] = {
            m: {"psnr": round(float(np.mean([p for p, _ in v])), 2),
                "ssim": round(float(np.mean([s for _, s in v])), 4),
                "setting": params[m]}
            for m, v in rows.items()
        }
        for m, v in rows.items():
            for (ident, _), (p, s) in zip(images, v):
                per_image.setdefault(ident, {}).setdefault(str(sigma), {})[m] = {
                    "psnr": round(p, 2), "ssim": round(s, 4)}
    # Clean input (sigma 0): how much the model changes an image that has no noise.
    clean_rows = []
    for idx, (ident, clean) in enumerate(images):
        out = run_model(runner, clean)
        clean_rows.append((psnr(clean, out), ssim(clean, out)))
    result = {
        "protocol": "mean over held-out photos; noisy = clip(round(clean + sigma*N(0,1))) uint8, "
                    "noise rng numpy default_rng([%d, image_index, sigma]); outputs rounded to uint8; "
                    "PSNR data_range 255; SSIM skimage structural_similarity(channel_axis=-1, data_range=255)"
                    % NOISE_SEED,
        "runtime": runner.kind,
        "held_out": manifest,
        "sigmas": list(SIGMAS),
        "mean": summary,
        "per_image": per_image,
        "model_on_clean_input": {"psnr": round(float(np.mean([p for p, _ in clean_rows])), 2),
                                 "ssim": round(float(np.mean([s for _, s in clean_rows])), 4)},
        "model_seconds_per_megapixel_on_held_out": round(model_seconds / (model_pixels / 1e6), 2),
    }
    if time_mp and isinstance(runner, OrtRunner):
        result["ort_seconds_per_megapixel_1000x1000"] = time_megapixel(runner)
    result["targets"] = check_targets(summary)
    return result


def time_megapixel(runner, repeats=3):
    x = np.random.default_rng(0).random((1, 3, 1000, 1000), dtype=np.float32)
    runner(x)
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        runner(x)
        ts.append(time.perf_counter() - t0)
    return {"min": round(min(ts), 2), "median": round(float(np.median(ts)), 2), "threads": 2,
            "note": "one 1x3x1000x1000 run with onnxruntime (Python) on this machine, %d repeats; machine may "
                    "have been busy with other jobs, so indicative only" % repeats}


def check_targets(summary):
    s25 = summary["25"]
    gain25 = s25["model"]["psnr"] - s25["noisy"]["psnr"]
    out = {"psnr_gain_sigma25_db": round(gain25, 2), "psnr_gain_sigma25_at_least_8db": bool(gain25 >= 8.0)}
    for sigma, rows in summary.items():
        classical = {m: rows[m]["psnr"] for m in ("gaussian", "median", "nlm") if m in rows}
        best = max(classical, key=classical.get)
        out["sigma%s_best_classical" % sigma] = best
        out["sigma%s_beats_gaussian_and_median" % sigma] = bool(
            rows["model"]["psnr"] > max(rows["gaussian"]["psnr"], rows["median"]["psnr"]))
        out["sigma%s_beats_all_classical_incl_nlm" % sigma] = bool(rows["model"]["psnr"] > classical[best])
    return out


# ----------------------------------------------------------------------------------------------- printing
LABELS = [("noisy", "Noisy input"), ("gaussian", "Gaussian blur (best radius)"),
          ("median", "Median (best of 3x3/5x5)"), ("nlm", "Non-local means (true sigma)"),
          ("model", "DnCNN (this model)")]


def markdown_table(result):
    sig = result["sigmas"]
    head = "| Method | " + " | ".join("σ=%d PSNR / SSIM" % s for s in sig) + " |"
    sep = "|---|" + "---|" * len(sig)
    lines = [head, sep]
    for key, label in LABELS:
        if key not in result["mean"][str(sig[0])]:
            continue
        cells = []
        for s in sig:
            r = result["mean"][str(s)][key]
            cell = "%.2f dB / %.4f" % (r["psnr"], r["ssim"])
            if r.get("setting") and key in ("gaussian", "median"):
                cell += " (%s)" % r["setting"]
            cells.append(cell)
        lines.append("| %s | %s |" % (label, " | ".join(cells)))
    return "\n".join(lines)


def per_image_table(result):
    sig = result["sigmas"]
    lines = ["| Photo | " + " | ".join("σ=%d noisy → model (PSNR dB)" % s for s in sig) + " |",
             "|---|" + "---|" * len(sig)]
    for ident, rows in result["per_image"].items():
        cells = ["%.2f → %.2f" % (rows[str(s)]["noisy"]["psnr"], rows[str(s)]["model"]["psnr"]) for s in sig]
        lines.append("| %s | %s |" % (ident, " | ".join(cells)))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=os.path.join(REPO, "ml", "model", "dncnn.onnx"))
    ap.add_argument("--update-json", action="store_true",
                    help="write the evaluation into the dncnn.json next to the model")
    ap.add_argument("--no-nlm", action="store_true", help="skip the (slower) non-local means reference")
    ap.add_argument("--no-ort", action="store_true", help="do not use onnxruntime even if it is importable")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    import torch
    torch.set_num_threads(args.threads)
    result = evaluate(args.model, use_nlm=not args.no_nlm, threads=args.threads, prefer_ort=not args.no_ort)
    print()
    print(markdown_table(result))
    print()
    print(per_image_table(result))
    print()
    print(json.dumps({"targets": result["targets"], "model_on_clean_input": result["model_on_clean_input"]},
                     indent=2))
    if args.update_json:
        jpath = os.path.splitext(args.model)[0] + ".json"
        with open(jpath) as fh:
            meta = json.load(fh)
        meta["evaluation"] = result
        with open(jpath, "w") as fh:
            json.dump(meta, fh, indent=2)
            fh.write("\n")
        print("updated", jpath)


if __name__ == "__main__":
    main()
