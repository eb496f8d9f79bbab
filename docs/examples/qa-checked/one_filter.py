import numpy as np

from convmap import conv2d

rng = np.random.default_rng(7)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
z = conv2d(x, w1, padding="same")
w_changed = w1.copy()
w_changed[:, :, :, 3] += 1  # change one filter: index 3, the 4th of 8
changed = np.abs(conv2d(x, w_changed, padding="same") - z) > 1e-12
print("feature maps (0-based) that changed:", sorted(set(np.nonzero(changed)[3].tolist())))
