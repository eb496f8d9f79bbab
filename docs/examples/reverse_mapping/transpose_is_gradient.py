import numpy as np

from convmap import conv2d_backward, conv2d_transpose

rng = np.random.default_rng(1)
x, w = rng.normal(size=(2, 9, 8, 3)), rng.normal(size=(3, 4, 3, 5))
g = rng.normal(size=(2, 5, 4, 5))  # the gradient of conv2d's output
dx = conv2d_backward(x, w, g, stride=2, padding="same").dx
t = conv2d_transpose(g, w, stride=2, padding="same", output_shape=x.shape)
print("largest difference:", float(np.abs(dx - t).max()))
