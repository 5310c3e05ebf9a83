"""Our network description (a ModelSpec or EmbeddingSpec as JSON: src/models/graph.ts) run by
PyTorch, layer by layer, with the parameters of a state_dict: one interpreter for every network we
describe as data (the face recognizer included), so the bench compares the same net on both sides.

build(spec, state) -> a function from NCHW pixels in [0,1] to the output (logits or embeddings).
"""
import torch
import torch.nn.functional as F


def _layers(nodes, state):
    steps = [_layer(node, state) for node in nodes]

    def run(x):
        for step in steps:
            x = step(x)
        return x

    return run


def _layer(node, state):
    op = node["op"]
    if op == "conv2d":
        weight = state[node["name"] + ".weight"]
        bias = state.get(node["name"] + ".bias") if node.get("bias") else None
        return lambda x: F.conv2d(x, weight, bias, stride=node["stride"], padding=node["padding"])
    if op == "batchnorm":
        p = {k: state[node["name"] + "." + k] for k in ("weight", "bias", "running_mean", "running_var")}
        return lambda x: F.batch_norm(x, p["running_mean"], p["running_var"], p["weight"], p["bias"], False, 0.0, node["eps"])
    if op == "affine":
        scale = state[node["name"] + ".weight"].view(1, -1, 1, 1)
        shift = state[node["name"] + ".bias"].view(1, -1, 1, 1)
        return lambda x: x * scale + shift
    if op == "relu":
        return F.relu
    if op == "maxpool":
        return lambda x: F.max_pool2d(x, node["kernel"], node["stride"], node["padding"])
    if op == "avgpool":
        return lambda x: F.avg_pool2d(x, node["kernel"])
    if op == "zeropad":
        # After the last column, row and channel.
        return lambda x: F.pad(x, (0, node["cols"], 0, node["rows"], 0, node["channels"]))
    if op == "residual":
        body = _layers(node["body"], state)
        shortcut = _layers(node["shortcut"], state)
        return lambda x: body(x) + shortcut(x)
    if op == "globalavgpool":
        return lambda x: torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
    if op == "linear":
        weight = state[node["name"] + ".weight"]
        bias = state.get(node["name"] + ".bias") if node.get("bias") else None
        return lambda x: F.linear(x, weight, bias)
    raise ValueError(f"unknown layer op {op!r}")


def build(spec, state):
    mean = torch.tensor(spec["normalization"]["mean"]).view(1, 3, 1, 1)
    std = torch.tensor(spec["normalization"]["std"]).view(1, 3, 1, 1)
    body = _layers(spec["layers"], {k: v.detach().requires_grad_(False) for k, v in state.items()})
    return lambda x: body((x - mean) / std)
