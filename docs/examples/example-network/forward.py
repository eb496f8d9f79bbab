import numpy as np

from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
from convmap.network import forward

model = [
    Conv2D(8, 4, padding="SAME", bias=False),
    ReLU(),
    MaxPool2D(8, 8, "SAME"),
    Conv2D(16, 2, padding="SAME", bias=False),
    ReLU(),
    MaxPool2D(4, 4, "SAME"),
    Flatten(),
    Dense(6),
]
x = np.random.default_rng(1).random((1, 64, 64, 3), dtype=np.float32)
p2 = forward(model, x, seed=0, return_intermediates=True)[1][5]  # P2's output
for row, col in [(10, 10), (50, 20), (36, 36)]:  # nudge one pixel (0-based)
    x2 = x.copy()
    x2[0, row, col, :] += 5.0
    p2_new = forward(model, x2, seed=0, return_intermediates=True)[1][5]
    moved = np.argwhere(np.abs(p2_new - p2) > 1e-6)
    where = sorted({(int(i), int(j)) for _, i, j, _ in moved})
    print(f"pixel ({row}, {col}) moves P2 positions {where}")
