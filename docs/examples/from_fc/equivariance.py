import numpy as np

from convmap import conv2d

rng = np.random.default_rng(2)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
moved = np.zeros_like(x)
moved[:, 2:, 3:, :] = x[:, :-2, :-3, :]  # 2 rows down, 3 columns right
z, z_moved = conv2d(x, w1, padding="same"), conv2d(moved, w1, padding="same")
inner = (slice(None), slice(10, 50), slice(10, 50), slice(None))  # not near edges
print("output moved the same way:", np.allclose(z_moved[:, 12:52, 13:53], z[inner]))
