"""Runs a network description through scripts/bench/torch_graph.py, for torch-graph.test.ts.

usage: python3 embed_with_torch_graph.py SPEC WEIGHTS IMAGES COUNT OUT
  IMAGES float32 NHWC in [0,1]; OUT gets the float32 outputs (logits or embeddings).
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "bench"))
from torch_graph import build  # noqa: E402

spec_path, weights, images_path, count, out = sys.argv[1:6]
spec = json.load(open(spec_path))
size = spec["inputSize"]
with open(images_path, "rb") as f:
    images = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(int(count), size, size, 3).permute(0, 3, 1, 2).contiguous()
with torch.inference_mode():
    build(spec, torch.load(weights))(images).contiguous().numpy().tofile(out)
