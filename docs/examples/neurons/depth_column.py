import numpy as np

from convmap import conv2d

rng = np.random.default_rng(0)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
z1 = conv2d(x, w1, padding="same")
xp = np.pad(x[0], ((1, 2), (1, 2), (0, 0)))  # SAME: 1 zero before, 2 after
r, c = 10, 20  # 0-based: the neuron in row 11, column 21
patch = xp[r : r + 4, c : c + 4, :]  # padded rows r..r+3 = image rows r-1..r+2
column = [float(np.sum(patch * w1[:, :, :, f])) for f in range(8)]
print("patch shape:", patch.shape)
print("conv2d :", np.round(z1[0, r, c, :], 3))
print("by hand:", np.round(column, 3))
