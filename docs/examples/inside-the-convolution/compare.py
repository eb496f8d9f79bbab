import numpy as np

from convmap import conv2d, conv2d_loops

rng = np.random.default_rng(1)
x = rng.standard_normal((1, 64, 64, 3))
w = rng.standard_normal((4, 4, 3, 8))
b = rng.standard_normal(8)
loops_pad1 = conv2d_loops(x, w, b, padding=1)  # the Q&A's pad=1
loops_same = conv2d_loops(x, w, b, padding="same")  # TensorFlow's SAME: 1 zero before, 2 after
fast_same = conv2d(x, w, b, padding="same")  # vectorised
print("pad=1:", loops_pad1.shape, "| SAME:", loops_same.shape)
print("pad=1 == SAME[:, :63, :63]:", np.allclose(loops_pad1, loops_same[:, :63, :63]))
print("loops == vectorised:", np.allclose(loops_same, fast_same))
