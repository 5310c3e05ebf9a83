"""PyTorch's FGSM sweep counts, the reference for the engines' runFgsmSweep (src/eval/sweep.ts).

usage: /usr/bin/python3 torch_sweep_reference.py ARCH NUM_CLASSES INPUT_SIZE COUNT SEED EPSILONS WEIGHTS OUT_DIR
EPSILONS is comma-separated; WEIGHTS a .pth state_dict (e.g. the one torch_reference.py wrote).
Writes images.f32 (NHWC), labels.i32, sweep_gradient.f32 (NHWC), margins.f32 (per epsilon, then per
sample: the label's logit minus the best other one on the attacked image; epsilon 0 first when
listed) and counts.json: the samples correct before the attack (and their clean margins) and, per
epsilon, those still correct after it (the original notebook's rule: only initially-correct
samples are attacked, x_adv = clamp(x + eps * sign(grad), 0, 1), grad of the summed cross-entropy).
Labels: the clean prediction for 3 samples in 4 (so most are attacked), the runner-up otherwise.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_models import Normalized, build, set_reference_threads  # noqa: E402
from torch_reference import MEAN, STD, save  # noqa: E402


def main():
    arch, num_classes, size, count, seed, epsilons, weights, out_dir = sys.argv[1:9]
    num_classes, size, count, seed = int(num_classes), int(size), int(count), int(seed)
    epsilons = [float(e) for e in epsilons.split(",")]
    set_reference_threads()
    generator = torch.Generator().manual_seed(seed)
    net = build(arch, num_classes)
    net.load_state_dict(torch.load(weights))
    model = Normalized(net, MEAN, STD).eval()

    low = torch.rand(count, 3, size // 8, size // 8, generator=generator)
    images = F.interpolate(low, size=(size, size), mode="bilinear", align_corners=False)
    images = (images + 0.05 * torch.rand(count, 3, size, size, generator=generator)).clamp(0, 1)
    with torch.no_grad():
        ranked = model(images).argsort(dim=1, descending=True)
    labels = torch.where(torch.arange(count) % 4 == 3, ranked[:, 1], ranked[:, 0])

    x = images.clone().requires_grad_(True)
    logits = model(x)
    (grad,) = torch.autograd.grad(F.cross_entropy(logits, labels, reduction="sum"), x)
    attacked = logits.argmax(dim=1) == labels

    def margins_of(z):
        own = z.gather(1, labels[:, None])[:, 0]
        others = z.scatter(1, labels[:, None], float("-inf"))
        return own - others.max(dim=1).values

    counts, margins, reach = [], [], float(logits.abs().max())
    with torch.no_grad():
        for eps in epsilons:
            adversarial = (images + eps * grad.sign()).clamp(0, 1)
            z = model(adversarial)
            reach = max(reach, float(z.abs().max()))
            still = z.argmax(dim=1) == labels
            counts.append(int((still & attacked).sum()))
            margins.append(margins_of(z))

    nhwc = lambda t: t.permute(0, 2, 3, 1)
    save(out_dir, "images.f32", nhwc(images))
    save(out_dir, "labels.i32", labels.to(torch.int32))
    save(out_dir, "sweep_gradient.f32", nhwc(grad))
    save(out_dir, "margins.f32", torch.stack(margins))
    with open(os.path.join(out_dir, "counts.json"), "w") as f:
        json.dump({"epsilons": epsilons, "initiallyCorrect": int(attacked.sum()), "correct": counts,
                   "cleanMargins": margins_of(logits.detach()).tolist(), "maxAbsLogit": reach}, f)


if __name__ == "__main__":
    main()
