"""Loads a .pth written by our writePthFile as a PyTorch user would (torch.load with weights_only,
load_state_dict strict) into the reference architecture, and prints JSON: whether it loaded and
the logits for the given images.

usage: /usr/bin/python3 torch_predict_pth.py PTH ARCH NUM_CLASSES IMAGES_F32 COUNT SIZE MEAN STD
IMAGES_F32: raw little-endian float32 NHWC pixels in [0,1]; MEAN, STD: comma-separated triples.
"""
import inspect
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_models import Normalized, build, set_reference_threads  # noqa: E402


def main():
    path, arch, num_classes, images_file, count, size, mean, std = sys.argv[1:9]
    num_classes, count, size = int(num_classes), int(count), int(size)
    set_reference_threads()
    weights_only = "weights_only" in inspect.signature(torch.load).parameters
    state = torch.load(path, weights_only=True) if weights_only else torch.load(path)
    net = build(arch, num_classes)
    try:
        net.load_state_dict(state, strict=True)
        strict = "ok"
    except RuntimeError as error:
        print(json.dumps({"strict_load": str(error)}))
        return
    model = Normalized(net, [float(v) for v in mean.split(",")], [float(v) for v in std.split(",")]).eval()
    pixels = np.fromfile(images_file, dtype="<f4").reshape(count, size, size, 3)
    with torch.no_grad():
        logits = model(torch.from_numpy(pixels).permute(0, 3, 1, 2).contiguous())
    print(json.dumps({"weights_only": weights_only, "strict_load": strict, "logits": logits.reshape(-1).tolist()}))


if __name__ == "__main__":
    main()
