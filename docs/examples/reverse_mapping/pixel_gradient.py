import numpy as np

from convmap import conv2d_backward

x = np.zeros((1, 64, 64, 3))
w = np.ones((4, 4, 3, 8))  # every weight 1: each neuron passes back 1 per tap
g = np.ones((1, 64, 64, 8))  # every Z1 neuron's gradient is 1
dx = conv2d_backward(x, w, g, padding="same").dx[0, :, :, 0]
for name, (r, c) in {
    "inner": (30, 30),
    "first corner": (0, 0),
    "top edge": (0, 30),
    "last corner": (63, 63),
}.items():
    print(f"{name} pixel (0-based {r}, {c}): {int(dx[r, c])}")
