"""The FGSM sweep in PyTorch, for `npm run bench`: the original algorithm ("seed") or PyTorch at
its honest best ("best"), or PGD at its best ("pgd"), on images and weights the bench prepared,
printing one JSON line.

usage: /usr/bin/python3 torch_sweep.py MODE WEIGHTS IMAGES LABELS COUNT SIZE CLASSES MEAN STD EPSILONS THREADS BATCH [STEPS STEP]
  MODE     seed | best | pgd (EPSILONS is then one epsilon; STEPS steps of STEP from the clean image)
  WEIGHTS  a resnet18 state_dict (.pth) written by the bench from our weights
  IMAGES   float32 NHWC pixels in [0,1] (COUNT x SIZE x SIZE x 3), LABELS int32 true classes
  MEAN/STD comma-separated per-channel normalisation (inside the model, as in ours)
Counts follow the original's rule: samples wrong before the attack are not attacked and count as
failures; `correct[i]` = samples still right after the attack at EPSILONS[i].
"""
import json
import resource
import sys
import time

import torch
import torch.nn.functional as F
import torchvision


def load_images(path, count, size):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    pixels = torch.frombuffer(data, dtype=torch.float32).reshape(count, size, size, 3)
    return pixels.permute(0, 3, 1, 2).contiguous()


def load_labels(path, count):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    return torch.frombuffer(data, dtype=torch.int32).to(torch.int64)[:count].clone()


def seed_sweep(model, normalize, images, labels, epsilons):
    """The original notebook's test(): one image at a time, and for EVERY epsilon the clean forward
    and the gradient again; parameters keep requires_grad, as there (model.zero_grad each time)."""
    correct = []
    for eps in epsilons:
        still = 0
        for i in range(images.shape[0]):
            data = normalize(images[i : i + 1]).clone().requires_grad_(True)
            target = labels[i : i + 1]
            output = model(data)
            if output.argmax(1).item() != target.item():
                continue
            loss = F.cross_entropy(output, target)
            model.zero_grad()
            loss.backward()
            # denorm, step, clamp, re-normalise: the original's fgsm_attack and test() body.
            perturbed = (images[i : i + 1] + eps * data.grad.sign()).clamp(0, 1)
            if model(normalize(perturbed)).argmax(1).item() == target.item():
                still += 1
        correct.append(still)
    return correct


def best_sweep(model, normalize, images, labels, epsilons, batch):
    """Our algorithm in PyTorch: batched, frozen parameters, ONE gradient per batch (the clean
    logits come with it), only initially-correct samples attacked, forwards in inference_mode."""
    for p in model.parameters():
        p.requires_grad_(False)
    correct = [0] * len(epsilons)
    for start in range(0, images.shape[0], batch):
        x = images[start : start + batch].clone().requires_grad_(True)
        y = labels[start : start + batch]
        logits = model(normalize(x))
        (grad,) = torch.autograd.grad(F.cross_entropy(logits, y, reduction="sum"), x)
        keep = logits.argmax(1) == y
        clean, sign, target = x.detach()[keep], grad.sign()[keep], y[keep]
        if target.numel() == 0:
            continue
        with torch.inference_mode():
            for e, eps in enumerate(epsilons):
                if eps == 0:
                    correct[e] += int(target.numel())
                    continue
                adversarial = (clean + eps * sign).clamp(0, 1)
                correct[e] += int((model(normalize(adversarial)).argmax(1) == target).sum())
    return correct


def pgd(model, normalize, images, labels, eps, steps, step, batch):
    """L-inf PGD at its best in PyTorch: batched, frozen parameters, STEPS signed steps of STEP from
    the clean image, each projected onto the eps-ball and [0,1]; the final forward in
    inference_mode. Every image is attacked; correct = images still recognised afterwards."""
    for p in model.parameters():
        p.requires_grad_(False)
    correct = 0
    for start in range(0, images.shape[0], batch):
        clean = images[start : start + batch]
        y = labels[start : start + batch]
        x = clean.clone()
        for _ in range(steps):
            x.requires_grad_(True)
            (grad,) = torch.autograd.grad(F.cross_entropy(model(normalize(x)), y, reduction="sum"), x)
            x = torch.min(torch.max(x.detach() + step * grad.sign(), clean - eps), clean + eps).clamp(0, 1)
        with torch.inference_mode():
            correct += int((model(normalize(x)).argmax(1) == y).sum())
    return [correct]


def main():
    mode, weights, images_path, labels_path, count, size, classes, mean, std, epsilons, threads, batch = sys.argv[1:13]
    steps, step = (int(sys.argv[13]), float(sys.argv[14])) if len(sys.argv) > 14 else (0, 0.0)
    count, size, classes, threads, batch = int(count), int(size), int(classes), int(threads), int(batch)
    epsilons = [float(e) for e in epsilons.split(",")]
    torch.set_num_threads(threads)
    mean_t = torch.tensor([float(v) for v in mean.split(",")]).view(1, 3, 1, 1)
    std_t = torch.tensor([float(v) for v in std.split(",")]).view(1, 3, 1, 1)
    normalize = lambda t: (t - mean_t) / std_t

    setup_start = time.perf_counter()
    model = torchvision.models.resnet18(num_classes=classes)
    model.load_state_dict(torch.load(weights))
    model.eval()
    images = load_images(images_path, count, size)
    labels = load_labels(labels_path, count)
    setup_seconds = time.perf_counter() - setup_start

    start = time.perf_counter()
    if mode == "seed":
        correct = seed_sweep(model, normalize, images, labels, epsilons)
    elif mode == "best":
        correct = best_sweep(model, normalize, images, labels, epsilons, batch)
    elif mode == "pgd":
        correct = pgd(model, normalize, images, labels, epsilons[0], steps, step, batch)
    else:
        raise SystemExit(f"unknown mode {mode!r}: use seed, best or pgd")
    seconds = time.perf_counter() - start
    with torch.no_grad():
        initially = int(sum(int((model(normalize(images[s : s + batch])).argmax(1) == labels[s : s + batch]).sum()) for s in range(0, count, batch)))
    print(json.dumps({
        "seconds": seconds,
        "setupSeconds": setup_seconds,
        "correct": correct,
        "initiallyCorrect": initially,
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "engine": f"PyTorch {torch.__version__} (CPU, {torch.get_num_threads()} threads)",
    }))


if __name__ == "__main__":
    main()
