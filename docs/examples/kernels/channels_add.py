import numpy as np

from convmap import conv2d

rng = np.random.default_rng(1)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
b1 = rng.standard_normal(8)
z1 = conv2d(x, w1, b1, padding="same")
f = 0  # the first filter
one = [w1[:, :, [ch]][..., [f]] for ch in range(3)]  # (4, 4, 1, 1) each
per_channel = [conv2d(x[..., [ch]], one[ch], padding="same") for ch in range(3)]
summed = per_channel[0] + per_channel[1] + per_channel[2] + b1[f]
print("feature map shape:", z1[0, :, :, f].shape)
same = np.allclose(summed[..., 0], z1[..., f])
print("equals the sum of its 3 per-channel convolutions:", same)
