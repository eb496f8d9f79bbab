import numpy as np

from convmap import conv2d, conv2d_loops

rng = np.random.default_rng(7)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
n_h = int(np.floor((64 - 4 + 2 * 1) / 1)) + 1  # the answer's formula, pad=1, stride=1
z_pad1 = conv2d_loops(x, w1, padding=1)  # the answer's conv_forward loops
z_same = conv2d(x, w1, padding="same")
print("formula:", n_h, "| conv_forward-style loops:", z_pad1.shape)
print("equal to SAME on the shared 63 x 63 positions:", np.allclose(z_pad1, z_same[:, :63, :63]))
