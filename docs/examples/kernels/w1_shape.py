import numpy as np

rng = np.random.default_rng(1)
w1 = rng.standard_normal((4, 4, 3, 8))  # HWIO, as in TensorFlow
first_filter = w1[:, :, :, 0]  # the first of the 8 filters (index 0)
print("W1 holds", w1.size, "weights")
print("one filter:", first_filter.shape, "=", first_filter.size, "weights")
print("PyTorch stores the same weights as OIHW:", w1.transpose(3, 2, 0, 1).shape)
