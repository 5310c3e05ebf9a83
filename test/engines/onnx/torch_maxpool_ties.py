"""PyTorch's input gradient for the tiny (ReLU +) max-pool model of maxpool-ties.test.ts.

usage: python3 torch_maxpool_ties.py DIR   (DIR holds meta.json, pixels.f32 NHWC, labels.i32,
fc_weight.f32, fc_bias.f32; writes gradient.f32 NHWC)
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

d = sys.argv[1]
meta = json.load(open(os.path.join(d, "meta.json")))
n, size, k = meta["count"], meta["size"], meta["classes"]
load = lambda name, dtype: torch.from_numpy(np.fromfile(os.path.join(d, name), dtype=dtype))
x = load("pixels.f32", np.float32).reshape(n, size, size, 3).permute(0, 3, 1, 2).contiguous().requires_grad_(True)
labels = load("labels.i32", np.int32).long()
weight = load("fc_weight.f32", np.float32).reshape(k, 3)
bias = load("fc_bias.f32", np.float32)
mean = torch.tensor(meta["mean"]).view(1, 3, 1, 1)
std = torch.tensor(meta["std"]).view(1, 3, 1, 1)
p = meta["pool"]
normalised = (x - mean) / std
pooled = F.max_pool2d(F.relu(normalised) if meta.get("relu") else normalised, kernel_size=p["kernel"], stride=p["stride"], padding=p["padding"])
logits = F.linear(torch.flatten(F.adaptive_avg_pool2d(pooled, 1), 1), weight, bias)
(grad,) = torch.autograd.grad(F.cross_entropy(logits, labels, reduction="sum"), x)
grad.permute(0, 2, 3, 1).contiguous().numpy().tofile(os.path.join(d, "gradient.f32"))
