#!/usr/bin/env python3
"""Writes Tests/EngineTests/Fixtures/torch_ops.safetensors: inputs, parameters, outputs and
gradients of small op cases computed with PyTorch (float64, stored as float32), which the
engine's tests compare against. Each case's attributes are in the file's metadata.

Run with the benchmark venv:  <venv>/bin/python bench/engine/make_fixtures.py
"""
import json
import os
import struct
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
torch.set_default_dtype(torch.float64)

tensors = {}
cases = {}


def put(case, name, t):
    tensors[f"{case}/{name}"] = t.detach().to(torch.float32).contiguous()


def rand(*shape):
    return torch.randn(*shape, requires_grad=True)


def conv_case(name, x_shape, w_shape, stride, pads, dilation, groups, bias):
    """pads = (top, left, bottom, right), applied explicitly like the engine does."""
    x, w = rand(*x_shape), rand(*w_shape)
    b = rand(w_shape[0]) if bias else None
    xp = F.pad(x, (pads[1], pads[3], pads[0], pads[2]))
    y = F.conv2d(xp, w, b, stride=stride, dilation=dilation, groups=groups)
    r = torch.randn_like(y)
    (y * r).sum().backward()
    for k, v in [("x", x), ("w", w), ("y", y), ("r", r), ("dx", x.grad), ("dw", w.grad)]:
        put(name, k, v)
    if bias:
        put(name, "b", b)
        put(name, "db", b.grad)
    cases[name] = dict(op="conv", stride=stride, pads=pads, dilation=dilation, groups=groups, bias=bias)


conv_case("conv_grouped", (2, 4, 9, 7), (6, 2, 3, 3), 2, (1, 1, 1, 1), 1, 2, True)
conv_case("conv_dilated", (1, 3, 10, 11), (5, 3, 3, 3), 1, (2, 2, 2, 2), 2, 1, False)
# TensorFlow "same" with stride 2 on an even input: one pixel of padding, at the bottom/right.
conv_case("conv_same", (2, 3, 8, 8), (4, 3, 3, 3), 2, (0, 0, 1, 1), 1, 1, True)
conv_case("conv_depthwise", (2, 4, 6, 6), (8, 1, 3, 3), 1, (1, 1, 1, 1), 1, 4, True)
conv_case("conv_pointwise", (2, 5, 4, 3), (7, 5, 1, 1), 1, (0, 0, 0, 0), 1, 1, True)
conv_case("conv_stem", (1, 3, 15, 13), (4, 3, 7, 7), 2, (3, 3, 3, 3), 1, 1, False)


def pool_case(name, kind, x_shape, k, s, p, include_pad=False):
    x = rand(*x_shape)
    if kind == "max":
        y = F.max_pool2d(x, k, s, p)
    else:
        y = F.avg_pool2d(x, k, s, p, count_include_pad=include_pad)
    r = torch.randn_like(y)
    (y * r).sum().backward()
    for kk, v in [("x", x), ("y", y), ("r", r), ("dx", x.grad)]:
        put(name, kk, v)
    cases[name] = dict(op=kind + "pool", kernel=k, stride=s, pad=p, count_include_pad=include_pad)


pool_case("maxpool", "max", (2, 3, 9, 9), 3, 2, 1)
pool_case("avgpool_exclude", "avg", (2, 3, 8, 8), 3, 2, 1, False)
pool_case("avgpool_include", "avg", (2, 3, 8, 8), 3, 2, 1, True)

# Batch norm, training mode: batch statistics, running-stat update, gradients.
x = rand(4, 3, 5, 5)
gamma, beta = rand(3), rand(3)
mean0, var0 = torch.tensor([0.1, -0.2, 0.3]), torch.tensor([0.9, 1.1, 1.3])
rm, rv = mean0.clone(), var0.clone()
y = F.batch_norm(x, rm, rv, gamma, beta, training=True, momentum=0.1, eps=1e-3)
r = torch.randn_like(y)
(y * r).sum().backward()
for k, v in [("x", x), ("gamma", gamma), ("beta", beta), ("mean0", mean0), ("var0", var0), ("y", y), ("r", r),
             ("mean1", rm), ("var1", rv), ("dx", x.grad), ("dgamma", gamma.grad), ("dbeta", beta.grad)]:
    put("bn_train", k, v)
cases["bn_train"] = dict(op="batchnorm", momentum_keras=0.9, epsilon=1e-3)
xe = torch.randn(2, 3, 4, 4)
put("bn_eval", "x", xe)
put("bn_eval", "y", F.batch_norm(xe, mean0, var0, gamma, beta, training=False, eps=1e-3))
cases["bn_eval"] = dict(op="batchnorm", uses="bn_train parameters and mean0/var0", epsilon=1e-3)


def upsample_case(name, mode, align):
    x = rand(2, 3, 4, 5)
    if mode == "nearest":
        y = F.interpolate(x, scale_factor=2, mode="nearest")
    else:
        y = F.interpolate(x, scale_factor=(2, 3), mode="bilinear", align_corners=align)
    r = torch.randn_like(y)
    (y * r).sum().backward()
    for k, v in [("x", x), ("y", y), ("r", r), ("dx", x.grad)]:
        put(name, k, v)
    cases[name] = dict(op="upsample", mode=mode, align_corners=align)


upsample_case("upsample_nearest", "nearest", False)
upsample_case("upsample_bilinear", "bilinear", False)
upsample_case("upsample_bilinear_aligned", "bilinear", True)

# Activations and their gradients.
xa = torch.randn(3, 5, 2, 2) * 3
for act, fn in [("relu6", lambda t: F.relu6(t)), ("leaky_relu", lambda t: F.leaky_relu(t, 0.1)),
                ("swish", F.silu), ("mish", F.mish), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
                ("softmax", lambda t: torch.softmax(t, dim=1))]:
    x = xa.clone().requires_grad_(True)
    y = fn(x)
    r = torch.randn_like(y)
    (y * r).sum().backward()
    for k, v in [("x", x), ("y", y), ("r", r), ("dx", x.grad)]:
        put("act_" + act, k, v)
    cases["act_" + act] = dict(op="activation", activation=act)

# Losses (mean reduction) with gradients.
logits = rand(5, 4)
labels = torch.tensor([0, 3, 1, 2, 3])
loss = F.cross_entropy(logits, labels, label_smoothing=0.1)
loss.backward()
put("loss_ce", "logits", logits); put("loss_ce", "labels", labels.double())
put("loss_ce", "loss", loss.reshape(1)); put("loss_ce", "grad", logits.grad)
cases["loss_ce"] = dict(op="loss", loss="softmax_cross_entropy", label_smoothing=0.1)

pred, target, weight = rand(3, 4, 2), torch.rand(3, 4, 2), torch.rand(3, 4, 2)
for name, fn in [("bce_logits", lambda p: F.binary_cross_entropy_with_logits(p, target, weight=weight)),
                 ("l1", lambda p: (F.l1_loss(p, target, reduction="none") * weight).mean()),
                 ("l2", lambda p: (F.mse_loss(p, target, reduction="none") * weight).mean()),
                 ("smooth_l1", lambda p: (F.smooth_l1_loss(p, target, reduction="none", beta=0.5) * weight).mean())]:
    p = pred.detach().clone().requires_grad_(True)
    loss = fn(p)
    loss.backward()
    for k, v in [("pred", p), ("target", target), ("weight", weight), ("loss", loss.reshape(1)), ("grad", p.grad)]:
        put("loss_" + name, k, v)
    cases["loss_" + name] = dict(op="loss", loss=name, reduction="mean", beta=0.5)

# A small residual network end to end: conv-bn-relu, conv + skip, relu, global pool, dense, CE.
x = torch.randn(2, 3, 12, 12)
w1, g1, b1 = rand(4, 3, 3, 3), rand(4), rand(4)
w2, c2 = rand(4, 4, 3, 3), rand(4)
wd, bd = rand(3, 4), rand(3)
rm, rv = torch.zeros(4), torch.ones(4)
h = F.relu(F.batch_norm(F.conv2d(x, w1, padding=1), rm, rv, g1, b1, training=True, momentum=0.01, eps=1e-3))
h2 = F.relu(F.conv2d(h, w2, c2, padding=1) + h)
logits = F.linear(h2.mean(dim=(2, 3)), wd, bd)
labels = torch.tensor([2, 0])
loss = F.cross_entropy(logits, labels)
loss.backward()
for k, v in [("x", x), ("w1", w1), ("g1", g1), ("b1", b1), ("w2", w2), ("c2", c2), ("wd", wd), ("bd", bd),
             ("logits", logits), ("loss", loss.reshape(1)), ("dw1", w1.grad), ("dg1", g1.grad), ("db1", b1.grad),
             ("dw2", w2.grad), ("dc2", c2.grad), ("dwd", wd.grad), ("dbd", bd.grad), ("labels", labels.double())]:
    put("resnet_block", k, v)
cases["resnet_block"] = dict(op="network", description="conv-bn-relu, conv+skip, relu, gap, dense, CE")

# safetensors, written by hand (no extra dependency): header length, JSON header, raw data.
names = sorted(tensors)
header, offset = {}, 0
for n in names:
    nbytes = tensors[n].numel() * 4
    header[n] = {"dtype": "F32", "shape": list(tensors[n].shape), "data_offsets": [offset, offset + nbytes]}
    offset += nbytes
header["__metadata__"] = {"cases": json.dumps(cases, sort_keys=True), "torch": torch.__version__}
blob = json.dumps(header, sort_keys=True).encode()
blob += b" " * ((8 - (8 + len(blob)) % 8) % 8)
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(root, "Tests", "EngineTests", "Fixtures", "torch_ops.safetensors")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "wb") as f:
    f.write(struct.pack("<Q", len(blob)))
    f.write(blob)
    for n in names:
        f.write(tensors[n].numpy().astype("<f4").tobytes())
print(f"wrote {len(names)} tensors ({offset} bytes of data) to {os.path.relpath(out, root)}", file=sys.stderr)
