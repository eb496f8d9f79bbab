import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from convmap import conv2d

rng = np.random.default_rng(2)
x = rng.standard_normal((1, 64, 64, 3))
w1 = rng.standard_normal((4, 4, 3, 8))
xp = np.pad(x[0], ((1, 2), (1, 2), (0, 0)))  # SAME's zeros: 1 before, 2 after
patches = sliding_window_view(xp, (4, 4), axis=(0, 1))  # (64, 64, 3, 4, 4)
w_local = rng.standard_normal((64, 64, 3, 4, 4, 8))  # own filters at every position
local = np.einsum("hwcij,hwcijf->hwf", patches, w_local)  # locally connected
w_shared = np.broadcast_to(w1.transpose(2, 0, 1, 3), w_local.shape)  # W1 everywhere
shared = np.einsum("hwcij,hwcijf->hwf", patches, w_shared)
print("locally connected weights:", w_local.size)
z1 = conv2d(x, w1, padding="same")
print("shared weights equal conv2d:", np.allclose(shared, z1[0]))
