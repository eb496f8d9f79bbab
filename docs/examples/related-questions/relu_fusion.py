import numpy as np

from convmap import conv2d
from convmap.layers import Conv2D, ReLU
from convmap.network import forward

rng = np.random.default_rng(0)
x = rng.standard_normal((1, 64, 64, 3)).astype(np.float32)
w = rng.standard_normal((4, 4, 3, 8)).astype(np.float32)
b = np.full(8, 0.1, np.float32)
separate = forward([Conv2D(8, 4, padding="same"), ReLU()], x, [(w, b), None])  # two layers
z = conv2d(x, w, b, padding="same")
fused = np.clip(z, 0.0, np.inf)  # one op: clamp each output as it is written
print("same numbers:", np.array_equal(separate, fused))
print("outputs clamped to 0:", int((z < 0).sum()), "of", z.size)
