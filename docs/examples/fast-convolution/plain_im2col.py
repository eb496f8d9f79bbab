import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from convmap import conv2d

rng = np.random.default_rng(6)
x = rng.standard_normal((2, 64, 64, 3)).astype(np.float32)  # 2 images of 64 x 64 x 3
w = rng.standard_normal((4, 4, 3, 8)).astype(np.float32)  # W1: 4 x 4 x 3 x 8

# plain im2col, SAME padding: 1 zero before, 2 after
xp = np.pad(x, ((0, 0), (1, 2), (1, 2), (0, 0)))
win = sliding_window_view(xp, (4, 4), axis=(1, 2))  # a view
rows = win.transpose(0, 1, 2, 4, 5, 3).reshape(-1, 48)  # copy!
out = (rows @ w.reshape(48, 8)).reshape(-1, 64, 64, 8)

same = np.allclose(out, conv2d(x, w, padding="same"), rtol=1e-5, atol=1e-4)
assert same
print("windows as rows:", rows.shape)  # one row per output position of every image
print("output:", out.shape, "| equals conv2d:", same)
