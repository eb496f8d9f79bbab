from pathlib import Path

import numpy as np

from convmap import conv2d, max_pool2d

data = Path(__file__).resolve().parents[2] / "data"  # docs/data
X = np.load(data / "qa_image_64x64x3.npy")[None] / 255.0  # (1, 64, 64, 3), 0..1

grey = np.array([0.299, 0.587, 0.114])  # brightness from red, green, blue
ramp = np.array([-1.0, -1.0, 1.0, 1.0])  # two dark taps, two bright taps
spot = -np.ones((4, 4))
spot[1:3, 1:3] = 3.0  # bright centre, dark ring; sums to 0
W1 = np.zeros((4, 4, 3, 8))
W1[..., 0] = ramp[None, :, None] * grey / 8  # vertical edges, brighter right
W1[..., 1] = ramp[:, None, None] * grey / 8  # horizontal edges, brighter below
W1[..., 2] = np.add.outer(ramp, ramp)[..., None] * grey / 16  # diagonal edges
W1[..., 3] = np.array([1.0, -1.0, 0.0]) / 16  # red against green
W1[..., 4] = np.array([-0.5, -0.5, 1.0]) / 16  # blue against yellow
W1[..., 5] = grey / 16  # blur: the window's mean brightness
W1[..., 6] = spot[..., None] * grey / 16  # spots
W1[..., 7] = -W1[..., 0]  # vertical edges, brighter left
b1 = np.array([0, 0, 0, -0.18, 0.2, 0, 0, 0])  # colour filters: unusual colours only

Z1 = conv2d(X, W1, b1, padding="same")  # tf.nn.conv2d(X, W1, 1, 'SAME')
A1 = np.maximum(Z1, 0.0)  # tf.nn.relu(Z1)
P1 = max_pool2d(A1, 8, stride=8, padding="same")  # tf.nn.max_pool(A1, 8, 8, 'SAME')
print("X", X.shape, "| Z1", Z1.shape, "| A1", A1.shape, "| P1", P1.shape)
print("share set to 0 by ReLU:", np.round((Z1 <= 0).mean(axis=(0, 1, 2)), 2))
