"""Writes a PyTorch reference for the parity tests: random weights AND random BatchNorm running
statistics saved as a .pth state_dict, images, labels, logits, input gradients and FGSM images.

usage: /usr/bin/python3 torch_reference.py ARCH NUM_CLASSES INPUT_SIZE BATCH SEED EPS OUT_DIR
Arrays are raw little-endian float32 (int32 for labels), images NHWC like fgsm-faces.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_models import Normalized, build, set_reference_threads  # noqa: E402

MEAN = [0.6389, 0.4773, 0.4056]
STD = [0.2343, 0.1996, 0.1831]


def randomize_batchnorm(model, generator):
    # Non-trivial running statistics and affine params, so eval-mode BN is really tested.
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            c = module.num_features
            module.running_mean.copy_(torch.randn(c, generator=generator) * 0.2)
            module.running_var.copy_(torch.rand(c, generator=generator) * 1.5 + 0.5)
            module.weight.data.copy_(torch.rand(c, generator=generator) * 0.8 + 0.6)
            module.bias.data.copy_(torch.randn(c, generator=generator) * 0.1)
            module.num_batches_tracked.fill_(7)


def save(out_dir, name, tensor):
    tensor.detach().contiguous().cpu().numpy().tofile(os.path.join(out_dir, name))


def main():
    arch, num_classes, size, batch, seed, eps, out_dir = sys.argv[1:8]
    num_classes, size, batch, seed, eps = int(num_classes), int(size), int(batch), int(seed), float(eps)
    torch.manual_seed(seed)
    set_reference_threads()
    generator = torch.Generator().manual_seed(seed + 1)
    net = build(arch, num_classes)
    with torch.no_grad():
        randomize_batchnorm(net, generator)
    net.eval()
    torch.save(net.state_dict(), os.path.join(out_dir, "weights.pth"))
    model = Normalized(net, MEAN, STD).eval()

    # Smooth-ish random images (low-resolution noise upsampled), closer to photos than white noise.
    low = torch.rand(batch, 3, size // 8, size // 8, generator=generator)
    images = F.interpolate(low, size=(size, size), mode="bilinear", align_corners=False)
    images = (images + 0.05 * torch.rand(batch, 3, size, size, generator=generator)).clamp(0, 1)
    labels = torch.randint(0, num_classes, (batch,), generator=generator)

    x = images.clone().requires_grad_(True)
    logits = model(x)
    loss = F.cross_entropy(logits, labels, reduction="sum")
    (grad,) = torch.autograd.grad(loss, x)
    adversarial = (images + eps * grad.sign()).clamp(0, 1)
    with torch.no_grad():
        adversarial_logits = model(adversarial)

    nhwc = lambda t: t.permute(0, 2, 3, 1)
    save(out_dir, "images.f32", nhwc(images))
    save(out_dir, "labels.i32", labels.to(torch.int32))
    save(out_dir, "logits.f32", logits)
    save(out_dir, "gradient.f32", nhwc(grad))
    save(out_dir, "fgsm.f32", nhwc(adversarial))
    save(out_dir, "fgsm_logits.f32", adversarial_logits)
    meta = {"arch": arch, "numClasses": num_classes, "inputSize": size, "batch": batch, "eps": eps,
            "torch": torch.__version__}
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump(meta, f)


if __name__ == "__main__":
    main()
