import numpy as np

from convmap import conv2d

rng = np.random.default_rng(7)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
z = conv2d(x, w1, padding="same")
x2 = x.copy()
x2[0, 30, 40, 0] += 1  # nudge one value of one pixel (0-based row 30, column 40)
moved = np.abs(conv2d(x2, w1, padding="same") - z) > 1e-12
print("outputs moved by one pixel:", int(moved.sum()), "of", z.size)
