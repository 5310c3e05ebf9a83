"""Dodging PGD on the face recognizer in PyTorch at its best, for `npm run bench`: the net built
from our description (torch_graph.py) with face-api's weights as a state_dict, batched, frozen;
STEPS signed steps of STEP from the clean face, each ascending the squared distance to the pair's
reference embedding, projected onto the eps-ball and [0,1]. Prints one JSON line: the pairs
accepted (distance < THRESHOLD) before and after.

usage: /usr/bin/python3 torch_dodge.py SPEC WEIGHTS IMAGES REFERENCES COUNT EPSILON STEPS STEP THRESHOLD THREADS BATCH
"""
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_graph import build  # noqa: E402


def read_floats(path):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.float32)


def main():
    spec_path, weights, images_path, references_path, count, eps, steps, step, threshold, threads, batch = sys.argv[1:12]
    count, steps, threads, batch = int(count), int(steps), int(threads), int(batch)
    eps, step, threshold = float(eps), float(step), float(threshold)
    torch.set_num_threads(threads)
    setup_start = time.perf_counter()
    spec = json.load(open(spec_path))
    net = build(spec, torch.load(weights))
    size, dims = spec["inputSize"], spec["embeddingSize"]
    images = read_floats(images_path).reshape(count, size, size, 3).permute(0, 3, 1, 2).contiguous()
    references = read_floats(references_path).reshape(count, dims)
    setup_seconds = time.perf_counter() - setup_start
    with torch.inference_mode():
        accepted_before = int(((net(images) - references).norm(dim=1) < threshold).sum())

    start = time.perf_counter()
    accepted = 0
    for first in range(0, count, batch):
        clean = images[first : first + batch]
        reference = references[first : first + batch]
        x = clean.clone()
        for _ in range(steps):
            x.requires_grad_(True)
            (grad,) = torch.autograd.grad(((net(x) - reference) ** 2).sum(), x)
            x = torch.min(torch.max(x.detach() + step * grad.sign(), clean - eps), clean + eps).clamp(0, 1)
        with torch.inference_mode():
            accepted += int(((net(x) - reference).norm(dim=1) < threshold).sum())
    seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": seconds,
        "setupSeconds": setup_seconds,
        "correct": [accepted],
        "initiallyCorrect": accepted_before,
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "engine": f"PyTorch {torch.__version__} (CPU, {torch.get_num_threads()} threads)",
    }))


if __name__ == "__main__":
    main()
