import numpy as np

from convmap import conv2d

rng = np.random.default_rng(1)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
b1 = rng.standard_normal(8)
z1 = conv2d(x, w1, b1, padding="same")
shifted = np.roll(x, shift=(-3, -5), axis=(1, 2))  # move the image up 3, left 5
z_shift = conv2d(shifted, w1, b1, padding="same")
print("original, 0-based (13, 25):", np.round(z1[0, 13, 25, :3], 4))
print("shifted,  0-based (10, 20):", np.round(z_shift[0, 10, 20, :3], 4))
