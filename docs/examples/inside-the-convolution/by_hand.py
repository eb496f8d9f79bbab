import numpy as np

from convmap import conv2d

rng = np.random.default_rng(1)
x = rng.standard_normal((1, 64, 64, 3))
w = rng.standard_normal((4, 4, 3, 8))
b = rng.standard_normal(8)
x_pad = np.pad(x[0], ((1, 2), (1, 2), (0, 0)))  # SAME: 1 zero before, 2 after
h, v = 10, 20  # 0-based output row and column
patch = x_pad[h : h + 4, v : v + 4, :]  # the 4 x 4 x 3 numbers this position sees
by_hand = [np.sum(patch * w[:, :, :, f]) + b[f] for f in range(8)]
print("by hand:", np.round(by_hand, 3))
print("conv2d: ", np.round(conv2d(x, w, b, padding="same")[0, h, v], 3))
