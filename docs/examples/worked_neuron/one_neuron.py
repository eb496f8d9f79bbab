import numpy as np

from convmap import conv2d

rng = np.random.default_rng(2026)  # seeded: the page's tables use these numbers
x = rng.random((1, 64, 64, 3)).round(2)  # the image, 0.00 .. 1.00
w1 = rng.uniform(-1, 1, (4, 4, 3, 8)).round(2)  # W1 = [4, 4, 3, 8]
b1 = rng.uniform(-1, 1, 8).round(2)
xp = np.pad(x[0], ((1, 2), (1, 2), (0, 0)))  # SAME: 1 zero before, 2 after
r, c, f = 0, 0, 0  # 0-based: top-left neuron, first filter
products = xp[r : r + 4, c : c + 4, :] * w1[:, :, :, f]  # 48 products
per_channel = products.sum(axis=(0, 1))  # red, green, blue
z = per_channel.sum() + b1[f]
z1 = conv2d(x, w1, b1, padding="same")
print("sum per channel:", per_channel.round(4), " bias:", b1[f])
print("by hand:", round(float(z), 4), " conv2d:", z1[0, r, c, f].round(4))
