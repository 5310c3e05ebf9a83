"""The original project's models in PyTorch, the reference that fgsm-faces must match."""
import os

import torch
import torch.nn as nn
import torchvision


def set_reference_threads():
    """Every core this process may use, or OMP_NUM_THREADS when set (to prove that the parity
    tests hold whatever PyTorch's threading does)."""
    requested = os.environ.get("OMP_NUM_THREADS", "")
    torch.set_num_threads(int(requested) if requested.isdigit() and int(requested) > 0 else len(os.sched_getaffinity(0)))


class ResidualBlock(nn.Module):
    """The custom model's block: convs with bias, wrapped in nn.Sequential, as in the original."""

    def __init__(self, in_channels, out_channels, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(),
        )
        self.conv2 = nn.Sequential(
            nn.Conv2d(out_channels, out_channels, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_channels),
        )
        self.downsample = downsample
        self.relu = nn.ReLU()

    def forward(self, x):
        residual = x if self.downsample is None else self.downsample(x)
        out = self.conv2(self.conv1(x))
        return self.relu(out + residual)


class CustomResNet(nn.Module):
    def __init__(self, num_classes, layers=(3, 4, 6, 3, 2)):
        super().__init__()
        self.inplanes = 64
        self.conv1 = nn.Sequential(
            nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        )
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer0 = self._make_layer(64, layers[0], 1)
        self.layer1 = self._make_layer(128, layers[1], 2)
        self.layer2 = self._make_layer(256, layers[2], 2)
        self.layer3 = self._make_layer(512, layers[3], 2)
        self.layer4 = self._make_layer(1024, layers[4], 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(1024, num_classes)

    def _make_layer(self, planes, blocks, stride):
        downsample = None
        if stride != 1 or self.inplanes != planes:
            downsample = nn.Sequential(
                nn.Conv2d(self.inplanes, planes, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes),
            )
        layers = [ResidualBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes
        layers += [ResidualBlock(planes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.conv1(x))
        for layer in (self.layer0, self.layer1, self.layer2, self.layer3, self.layer4):
            x = layer(x)
        return self.fc(torch.flatten(self.avgpool(x), 1))


def build(architecture, num_classes):
    if architecture == "resnet18":
        return torchvision.models.resnet18(num_classes=num_classes)
    if architecture == "resnet101":
        return torchvision.models.resnet101(num_classes=num_classes)
    if architecture == "custom_resnet":
        return CustomResNet(num_classes)
    raise SystemExit(f"unknown architecture {architecture}")


class Normalized(nn.Module):
    """Pixels in [0,1] -> normalised -> model, so gradients are taken in pixel space."""

    def __init__(self, model, mean, std):
        super().__init__()
        self.model = model
        self.register_buffer("mean", torch.tensor(mean).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, 3, 1, 1))

    def forward(self, x):
        return self.model((x - self.mean) / self.std)
