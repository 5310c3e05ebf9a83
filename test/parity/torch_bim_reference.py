"""BIM (I-FGSM) in PyTorch, the reference for fgsm-faces' bimAttack: on the weights, images and
labels torch_reference.py wrote in DIR, `steps` steps of size `alpha`, each followed by the
projection onto the eps-ball around the original image and onto [0, 1]. Writes DIR/bim.f32 (the
result), DIR/bim_steps.f32 (every iterate x_0 .. x_steps, for replaying single steps) and
DIR/bim_grads.f32 (the input gradient at x_0 .. x_{steps-1}), NHWC.

usage: /usr/bin/python3 torch_bim_reference.py DIR ARCH NUM_CLASSES INPUT_SIZE BATCH EPS STEPS ALPHA
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_models import Normalized, build, set_reference_threads  # noqa: E402
from torch_reference import MEAN, STD, save  # noqa: E402


def main():
    out_dir, arch, num_classes, size, batch, eps, steps, alpha = sys.argv[1:9]
    num_classes, size, batch, steps = int(num_classes), int(size), int(batch), int(steps)
    eps, alpha = float(eps), float(alpha)
    set_reference_threads()
    net = build(arch, num_classes)
    net.load_state_dict(torch.load(os.path.join(out_dir, "weights.pth")))
    model = Normalized(net, MEAN, STD).eval()
    for p in model.parameters():
        p.requires_grad_(False)

    def read(name, dtype, shape):
        with open(os.path.join(out_dir, name), "rb") as f:
            return torch.frombuffer(bytearray(f.read()), dtype=dtype).reshape(shape)

    origin = read("images.f32", torch.float32, (batch, size, size, 3)).permute(0, 3, 1, 2).contiguous()
    labels = read("labels.i32", torch.int32, (batch,)).to(torch.int64)
    x = origin.clone()
    iterates = [x]
    gradients = []
    for _ in range(steps):
        x.requires_grad_(True)
        (grad,) = torch.autograd.grad(F.cross_entropy(model(x), labels, reduction="sum"), x)
        gradients.append(grad)
        x = x.detach() + alpha * grad.sign()
        x = torch.min(torch.max(x, origin - eps), origin + eps).clamp(0, 1)
        iterates.append(x)
    save(out_dir, "bim.f32", x.permute(0, 2, 3, 1))
    save(out_dir, "bim_steps.f32", torch.stack(iterates).permute(0, 1, 3, 4, 2))
    save(out_dir, "bim_grads.f32", torch.stack(gradients).permute(0, 1, 3, 4, 2))


if __name__ == "__main__":
    main()
