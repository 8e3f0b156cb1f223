#!/usr/bin/env python3
"""Quantizes the DnCNN (ml/model/dncnn.onnx) to INT8 as a QDQ graph -- one command, after training:

    /usr/bin/python3 ml/training/quantize_int8.py            # from the repository root

ONNX Runtime's Python quantization tool is not packaged for Debian, so this script does what its static QDQ mode
does, with python3-onnx and PyTorch:

  * calibration: the FP32 network runs in PyTorch on noisy training patches (the same photos and the same mix of
    Gaussian and camera-like noise as training, a fixed seed); every convolution's input is recorded;
  * activations: uint8, per tensor, zero point 0 (they follow a ReLU). The clipping threshold of each is the one
    with the least quantization error (MSE) on the recorded values, searched from 20 % to 100 % of the maximum.
    The network input is an 8-bit image in [0, 1], so its scale is exactly 1/255 and it loses nothing;
  * weights: int8, per output channel, symmetric; biases: int32 at the input scale x weight scale;
  * the last convolution (48 -> 3 channels, under 1 % of the work) stays FP32, as does the final subtraction, so
    the residual is not rounded to a step of an 8-bit grid.

The graph is DequantizeLinear -> Conv -> Relu -> QuantizeLinear per layer. ONNX Runtime (ALL_OPT) fuses it into
QLinearConv, which runs on VNNI / AMX integer kernels. The quality of the quantized graph is checked here by
simulating it in PyTorch on the held-out photos (the loss in dB at sigma 15, 25 and 50); `./pixtools
evaluate-denoise` measures it through ONNX Runtime in Java, with the timing.

Writes ml/model/dncnn-int8.onnx and ml/model/dncnn-int8.json (the FP32 model's contract with this file's sha256 and
a "quantization" section).
"""

import argparse
import copy
import datetime
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import data_sources  # noqa: E402
import evaluate  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

OPSET = 13
INPUT_SCALE = 1.0 / 255.0


def read_convs(path):
    """The FP32 graph's convolutions in order as (weight, bias) tensors; the graph must be Conv/Relu.../Conv, Sub."""
    import onnx
    from onnx import numpy_helper
    model = onnx.load(path)
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    ops = [n.op_type for n in model.graph.node]
    convs = [n for n in model.graph.node if n.op_type == "Conv"]
    expected = ["Conv", "Relu"] * (len(convs) - 1) + ["Conv", "Sub"]
    if ops != expected:
        raise SystemExit("unexpected graph %s; expected Conv/Relu pairs, a last Conv and Sub" % ops)
    return [(torch.from_numpy(inits[n.input[1]].copy()), torch.from_numpy(inits[n.input[2]].copy()))
            for n in convs]


def forward(convs, x, record=None, quant=None):
    """The network (input - residual). record: list to which each conv's input is appended. quant: per-layer
    (activation scale, int weight, weight scale, int bias) for layers 0..L-2 to simulate the QDQ graph."""
    h = x
    last = len(convs) - 1
    for i, (w, b) in enumerate(convs):
        if record is not None:
            record.append(h)
        if quant is not None and i < last:
            s, wq, ws, bq = quant[i]
            h = torch.clamp(torch.round(h / s), 0, 255) * s
            w = wq * ws.view(-1, 1, 1, 1)
            b = bq * (s * ws)
        elif quant is not None:
            s = quant[i][0]
            h = torch.clamp(torch.round(h / s), 0, 255) * s
        h = F.conv2d(h, w, b, padding=1)
        if i < last:
            h = F.relu(h)
    return x - h


def best_threshold(values):
    """The clipping threshold (20-100 % of the max) with the least uint8 quantization MSE on values."""
    top = float(values.max())
    if top <= 0:
        return 1.0
    best, best_err = top, None
    for t in np.linspace(0.2, 1.0, 81) * top:
        s = t / 255.0
        q = torch.clamp(torch.round(values / s), 0, 255) * s
        err = float(torch.mean((q - values) ** 2))
        if best_err is None or err < best_err:
            best, best_err = t, err
    return best


def calibrate(convs, patches, sample=2_000_000, seed=7):
    records = []
    with torch.no_grad():
        forward(convs, patches, record=records)
    gen = torch.Generator().manual_seed(seed)
    scales = [INPUT_SCALE]
    for r in records[1:]:
        flat = r.reshape(-1)
        if flat.numel() > sample:
            flat = flat[torch.randint(0, flat.numel(), (sample,), generator=gen)]
        scales.append(best_threshold(flat) / 255.0)
    return scales


def quantize_layers(convs, scales):
    out = []
    for i, (w, b) in enumerate(convs):
        if i == len(convs) - 1:
            out.append((scales[i], None, None, None))
            break
        ws = w.abs().amax(dim=(1, 2, 3)).clamp(min=1e-12) / 127.0
        wq = torch.clamp(torch.round(w / ws.view(-1, 1, 1, 1)), -127, 127)
        bq = torch.round(b / (scales[i] * ws))
        out.append((scales[i], wq, ws, bq))
    return out


def held_out_loss(convs, quant):
    """Mean PSNR (dB) of the FP32 and the simulated INT8 network on the held-out photos: per Gaussian sigma and per
    camera-noise case."""
    images, _ = data_sources.load_held_out()
    cases = [("sigma %d" % sigma, [evaluate.make_noisy(clean, sigma, idx) for idx, (_, clean) in enumerate(images)])
             for sigma in evaluate.SIGMAS]
    cases += evaluate.camera_noisy_held_out(images)
    rows = {}
    for label, noisy_images in cases:
        fp, q8 = [], []
        for (_, clean), noisy in zip(images, noisy_images):
            x = torch.from_numpy(noisy.astype(np.float32).transpose(2, 0, 1)[None] / 255.0)
            with torch.no_grad():
                for net, acc in ((None, fp), (quant, q8)):
                    y = forward(convs, x, quant=net)[0].numpy().transpose(1, 2, 0)
                    acc.append(evaluate.psnr(clean, evaluate.to_u8(y * 255.0)))
        rows[label] = {"fp32_psnr": round(float(np.mean(fp)), 3), "int8_psnr": round(float(np.mean(q8)), 3),
                       "loss_db": round(float(np.mean(fp) - np.mean(q8)), 3)}
    return rows


def write_qdq(convs, quant, path):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes, inits = [], []

    def const(name, array):
        inits.append(numpy_helper.from_array(array, name))
        return name

    def qdq(x, name, scale):
        s = const(name + "_scale", np.array(scale, dtype=np.float32))
        z = const(name + "_zero", np.array(0, dtype=np.uint8))
        nodes.append(helper.make_node("QuantizeLinear", [x, s, z], [name + "_q"]))
        nodes.append(helper.make_node("DequantizeLinear", [name + "_q", s, z], [name + "_dq"]))
        return name + "_dq"

    h = "input"
    last = len(convs) - 1
    for i, (w, b) in enumerate(convs):
        h = qdq(h, "act%d" % i, quant[i][0])
        if i < last:
            _, wq, ws, bq = quant[i]
            channels = wq.shape[0]
            wi = const("w%d_int8" % i, wq.numpy().astype(np.int8))
            wsn = const("w%d_scale" % i, ws.numpy().astype(np.float32))
            wz = const("w%d_zero" % i, np.zeros(channels, dtype=np.int8))
            nodes.append(helper.make_node("DequantizeLinear", [wi, wsn, wz], ["w%d" % i], axis=0))
            bi = const("b%d_int32" % i, bq.numpy().astype(np.int32))
            bs = const("b%d_scale" % i, (quant[i][0] * ws).numpy().astype(np.float32))
            bz = const("b%d_zero" % i, np.zeros(channels, dtype=np.int32))
            nodes.append(helper.make_node("DequantizeLinear", [bi, bs, bz], ["b%d" % i], axis=0))
            nodes.append(helper.make_node("Conv", [h, "w%d" % i, "b%d" % i], ["conv%d" % i], kernel_shape=[3, 3],
                                          pads=[1, 1, 1, 1]))
            nodes.append(helper.make_node("Relu", ["conv%d" % i], ["relu%d" % i]))
            h = "relu%d" % i
        else:
            const("w%d" % i, w.numpy().astype(np.float32))
            const("b%d" % i, b.numpy().astype(np.float32))
            nodes.append(helper.make_node("Conv", [h, "w%d" % i, "b%d" % i], ["residual"], kernel_shape=[3, 3],
                                          pads=[1, 1, 1, 1]))
    nodes.append(helper.make_node("Sub", ["input", "residual"], ["output"]))
    shape = ["batch", 3, "height", "width"]
    graph = helper.make_graph(nodes, "dncnn_int8",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, shape)],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, shape)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="pixtools-ml-training")
    model.ir_version = 7
    model.doc_string = ("PixTools colour DnCNN, INT8 QDQ (uint8 activations, int8 per-channel weights). input: "
                        "float32 NCHW RGB in [0,1]; output: denoised image, same shape (not clamped).")
    for k, v in (("layout", "NCHW"), ("color_order", "RGB"), ("value_range", "[0,1]"), ("dtype", "float32"),
                 ("output", "denoised image = input - predicted residual (clamp to [0,1] before 8-bit)"),
                 ("quantization", "QDQ int8")):
        p = model.metadata_props.add()
        p.key, p.value = k, v
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", default=os.path.join(REPO, "ml", "model"))
    ap.add_argument("--patches", type=int, default=96, help="calibration patches")
    ap.add_argument("--patch", type=int, default=96, help="calibration patch size in pixels")
    ap.add_argument("--seed", type=int, default=4321)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    import train_dncnn

    fp32_path = os.path.join(args.model_dir, "dncnn.onnx")
    convs = read_convs(fp32_path)
    images, _ = data_sources.load_train(log=lambda *a: None)
    sampler = train_dncnn.PatchSampler(images, args.patch, [1.0], np.random.default_rng(args.seed))
    clean = sampler.batch(args.patches)
    noise = argparse.Namespace(sigma_max=55.0, camera_fraction=0.5)
    noisy = train_dncnn.noisy_batch(clean, noise, torch.Generator().manual_seed(args.seed),
                                    np.random.default_rng(args.seed))
    scales = calibrate(convs, noisy)
    quant = quantize_layers(convs, scales)
    loss = held_out_loss(convs, quant)
    print(json.dumps(loss, indent=2))

    int8_path = os.path.join(args.model_dir, "dncnn-int8.onnx")
    write_qdq(convs, quant, int8_path)
    with open(os.path.join(args.model_dir, "dncnn.json")) as fh:
        contract = json.load(fh)
    meta = copy.deepcopy(contract)
    meta["name"] = contract["name"] + "-int8"
    meta["file"] = "dncnn-int8.onnx"
    meta["sha256"] = train_dncnn.sha256_file(int8_path)
    meta["size_bytes"] = os.path.getsize(int8_path)
    meta["description"] = contract["description"] + " INT8 QDQ version of dncnn.onnx (quantize_int8.py)."
    meta.pop("verification", None)
    meta["quantization"] = {
        "of": {"file": "dncnn.onnx", "sha256": contract["sha256"]},
        "format": "QDQ, opset %d: uint8 activations per tensor (zero point 0), int8 weights per output channel "
                  "(symmetric), int32 biases; the last convolution and the subtraction in FP32" % OPSET,
        "calibration": "%d noisy training patches of %d px (half Gaussian sigma ~ U[0, 55], half camera-like noise, "
                       "as in training; seed %d); per activation the clipping threshold with the least uint8 MSE" % (
                           args.patches, args.patch, args.seed),
        "activation_scales": [round(s, 8) for s in scales],
        "held_out_psnr_simulated": loss,
        "runs_on": "ONNX Runtime QLinearConv (integer kernels: AVX-512 VNNI, AVX-VNNI or AMX); PixTools uses it "
                   "only where the CPU has VNNI and the FP32 model elsewhere",
        "command": "/usr/bin/python3 ml/training/quantize_int8.py",
        "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    meta.pop("evaluation", None)
    with open(os.path.join(args.model_dir, "dncnn-int8.json"), "w") as fh:
        json.dump(meta, fh, indent=2)
        fh.write("\n")
    print("wrote %s (%d bytes, sha256 %s)" % (int8_path, meta["size_bytes"], meta["sha256"]))


if __name__ == "__main__":
    main()
