#!/usr/bin/env python3
"""PyTorch side of bench/engine/compare.sh: times the same networks and steps as
`zoo bench engine` and prints one JSON object (ms/step, images/s, GFLOP, peak RSS).

ResNet-18 is torchvision's layout (written out here, so torchvision is not needed); the
DetectNet_v2 network is TAO's: ResNet-18 without max-pool, strides 2,2,2,1 (output stride 16),
a 1x1 projection on every shortcut, and 1x1 heads output_cov (3, sigmoid) / output_bbox (12).
A training step is zero_grad, forward (batch norm in training mode), loss, backward and Adam.
"""
import argparse
import json
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride, project):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None
        if project:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)), inplace=True)
        y = self.bn2(self.conv2(y))
        return F.relu(y + (self.shortcut(x) if self.shortcut is not None else x), inplace=True)


class ResNet18(nn.Module):
    """torchvision layout (pooling=True) or TAO DetectNet_v2 layout (pooling=False, all projections)."""

    def __init__(self, pooling, all_projections):
        super().__init__()
        self.pooling = pooling
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        strides = [1, 2, 2, 2] if pooling else [2, 2, 2, 1]
        blocks, cin = [], 64
        for cout, stride in zip([64, 128, 256, 512], strides):
            for i in range(2):
                s = stride if i == 0 else 1
                project = all_projections or (i == 0 and (s != 1 or cin != cout))
                blocks.append(Block(cin, cout, s, project))
                cin = cout
        self.blocks = nn.Sequential(*blocks)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)), inplace=True)
        if self.pooling:
            x = F.max_pool2d(x, 3, 2, 1)
        return self.blocks(x)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = ResNet18(pooling=True, all_projections=False)
        self.fc = nn.Linear(512, 10)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.backbone(x), 1), 1))


class DetectNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = ResNet18(pooling=False, all_projections=True)
        self.cov = nn.Conv2d(512, 3, 1)
        self.bbox = nn.Conv2d(512, 12, 1)

    def forward(self, x):
        f = self.backbone(x)
        return torch.sigmoid(self.cov(f)), self.bbox(f)


def flops(model, x):
    """2 x multiply-accumulates of convolutions and linear layers, one forward pass."""
    total = 0

    def hook(module, inputs, output):
        nonlocal total
        if isinstance(module, nn.Conv2d):
            total += 2 * output.numel() * module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
        elif isinstance(module, nn.Linear):
            total += 2 * output.numel() * module.in_features

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="resnet18")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--input", default=None)
    p.add_argument("--mode", default="train")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    default = "3x272x480" if a.model == "detectnet_resnet18" else "3x224x224"
    c, h, w = (int(v) for v in (a.input or default).split("x"))
    model = DetectNet() if a.model == "detectnet_resnet18" else Classifier()
    x = torch.randn(a.batch, c, h, w)
    f = flops(model, x)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    labels = torch.randint(0, 10, (a.batch,))
    if a.model == "detectnet_resnet18":
        cov_t, box_t = torch.rand(a.batch, 3, h // 16, w // 16), torch.rand(a.batch, 12, h // 16, w // 16)
        mask = cov_t.repeat_interleave(4, dim=1)

    def step():
        if a.mode == "infer":
            model.eval()
            with torch.no_grad():
                model(x)
            return
        model.train()
        opt.zero_grad(set_to_none=False)
        if a.model == "detectnet_resnet18":
            cov, box = model(x)
            loss = F.mse_loss(cov, cov_t) + ((box - box_t).abs() * mask).mean()
        else:
            loss = F.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()

    times = []
    for i in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        step()
        dt = time.perf_counter() - t0
        if i >= a.warmup:
            times.append(dt)
    times.sort()
    median = times[len(times) // 2]
    total = f * (3 if a.mode == "train" else 1)
    print(json.dumps({
        "model": a.model, "mode": a.mode, "batch": a.batch, "input": f"{c}x{h}x{w}",
        "ms_per_step": round(median * 1000, 1), "images_per_s": round(a.batch / median, 1),
        "gflop_per_step": round(total / 1e9, 2), "gflop_per_s": round(total / median / 1e9, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
