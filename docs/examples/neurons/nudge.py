import numpy as np

from convmap import conv2d

rng = np.random.default_rng(0)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
x2 = x.copy()
x2[0, 30, 40, 1] += 1.0  # nudge the green value of pixel (31, 41), 1-based
diff = conv2d(x2, w1, padding="same") - conv2d(x, w1, padding="same")
moved = np.abs(diff[0]) > 1e-12
rows, cols, filters = (sorted(set(a.tolist())) for a in np.nonzero(moved))
print("outputs that moved:", int(moved.sum()))
print("0-based rows", rows, "cols", cols)
print("filters", filters)
