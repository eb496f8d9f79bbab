import numpy as np

from convmap import conv2d

rng = np.random.default_rng(2)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
r, c, f = 10, 20, 0  # 0-based: the neuron in row 11, column 21, filter 1
w_fc = np.zeros((64, 64, 3))  # a fully connected neuron's 12,288 weights ...
w_fc[r - 1 : r + 3, c - 1 : c + 3, :] = w1[:, :, :, f]  # ... zero outside one patch
fc = float(w_fc.reshape(-1) @ x.reshape(-1))
print("nonzero weights:", np.count_nonzero(w_fc), "of", w_fc.size)
print("fully connected:", round(fc, 6))
z1 = conv2d(x, w1, padding="same")
print("conv2d (SAME):  ", round(float(z1[0, r, c, f]), 6))
