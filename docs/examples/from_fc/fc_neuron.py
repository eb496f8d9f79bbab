import numpy as np

rng = np.random.default_rng(2)
x = rng.standard_normal((64, 64, 3))  # the image
w = rng.standard_normal(64 * 64 * 3)  # one neuron: a weight per value
b = 0.5
z = float(w @ x.reshape(-1) + b)  # flatten, weight every value, add the bias
print("inputs:", x.size, "weights:", w.size, "+ 1 bias")
print("z =", round(z, 4))
