import numpy as np

from convmap import conv2d_backward

x = np.random.default_rng(0).normal(size=(1, 64, 64, 3))  # the Q&A's input
w = np.ones((4, 4, 3, 8))  # W1 = [4, 4, 3, 8]
g = np.zeros((1, 64, 64, 8))  # gradient of the loss for every Z1 neuron
g[0, 20, 30, 0] = 1.0  # one neuron (0-based row 20, column 30, filter 0)
dx = conv2d_backward(x, w, g, padding="same").dx
rows, cols, chans = np.nonzero(dx[0])
print("values lit:", len(rows))
print("rows (0-based):", sorted(set(rows.tolist())))
print("cols (0-based):", sorted(set(cols.tolist())))
