"""The benchmark's layer shapes: 17 convolutions and 3 max pools (float32, NHWC)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ConvCase:
    """One convolution: input NHWC, weights HWIO and the layer's settings."""

    name: str
    what: str
    x: tuple[int, int, int, int]
    w: tuple[int, int, int, int]
    stride: tuple[int, int] = (1, 1)
    padding: str = "same"
    dilation: tuple[int, int] = (1, 1)
    quick: bool = True  # part of --quick


@dataclass(frozen=True)
class PoolCase:
    """One max pool: input NHWC, window, stride, TensorFlow padding word."""

    name: str
    what: str
    x: tuple[int, int, int, int]
    size: int
    stride: int
    padding: str = "same"


CONVS = [
    ConvCase("qa1-b64", "Q&A conv1, batch 64", (64, 64, 64, 3), (4, 4, 3, 8)),
    ConvCase("qa2-b64", "Q&A conv2, batch 64", (64, 8, 8, 8), (2, 2, 8, 16)),
    ConvCase("qa1-b1", "Q&A conv1, batch 1", (1, 64, 64, 3), (4, 4, 3, 8)),
    ConvCase("qa2-b1", "Q&A conv2, batch 1", (1, 8, 8, 8), (2, 2, 8, 16)),
    ConvCase("c32-b16", "3x3 32->64 on 32x32, batch 16", (16, 32, 32, 32), (3, 3, 32, 64)),
    ConvCase("c32-b1", "3x3 32->64 on 32x32, batch 1", (1, 32, 32, 32), (3, 3, 32, 64)),
    ConvCase("1x1", "1x1 64->64 on 32x32, batch 8", (8, 32, 32, 64), (1, 1, 64, 64)),
    ConvCase(
        "s2",
        "3x3 stride 2, 32->64 on 32x32, batch 16",
        (16, 32, 32, 32),
        (3, 3, 32, 64),
        stride=(2, 2),
    ),
    ConvCase(
        "5x5-valid",
        "5x5 VALID 16->32 on 28x28, batch 16",
        (16, 28, 28, 16),
        (5, 5, 16, 32),
        padding="valid",
    ),
    ConvCase(
        "lenet",
        "LeNet 5x5 1->6 on 32x32 VALID, batch 64",
        (64, 32, 32, 1),
        (5, 5, 1, 6),
        padding="valid",
    ),
    ConvCase(
        "7x7s2", "7x7/2 3->64 on 224x224, batch 1", (1, 224, 224, 3), (7, 7, 3, 64), stride=(2, 2)
    ),
    ConvCase(
        "dil2",
        "3x3 dilation 2, 32->32 on 32x32, batch 8",
        (8, 32, 32, 32),
        (3, 3, 32, 32),
        dilation=(2, 2),
    ),
    ConvCase("c128", "3x3 128->128 on 16x16, batch 8", (8, 16, 16, 128), (3, 3, 128, 128)),
    ConvCase("c64-56", "3x3 64->64 on 56x56, batch 2", (2, 56, 56, 64), (3, 3, 64, 64)),
    ConvCase(
        "11x11-8",
        "11x11/4 3->8 on 227x227 VALID, batch 1",
        (1, 227, 227, 3),
        (11, 11, 3, 8),
        stride=(4, 4),
        padding="valid",
    ),
    ConvCase(
        "11x11-96",
        "11x11/4 3->96 on 227x227 VALID, batch 1",
        (1, 227, 227, 3),
        (11, 11, 3, 96),
        stride=(4, 4),
        padding="valid",
    ),
    ConvCase(
        "qa1-b1080",
        "Q&A conv1, SIGNS train set (batch 1080)",
        (1080, 64, 64, 3),
        (4, 4, 3, 8),
        quick=False,
    ),
]

POOLS = [
    PoolCase("qa-p1", "Q&A P1: max 8x8/8 SAME on 64x64x8, batch 64", (64, 64, 64, 8), 8, 8),
    PoolCase("qa-p2", "Q&A P2: max 4x4/4 SAME on 8x8x16, batch 64", (64, 8, 8, 16), 4, 4),
    PoolCase("p3s2", "max 3x3/2 SAME on 56x56x64, batch 8", (8, 56, 56, 64), 3, 2),
]
