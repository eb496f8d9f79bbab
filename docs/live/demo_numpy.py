import numpy as np

from convmap import Conv2D, MaxPool2D, ReLU, forward

# forward() runs the stack with NumPy: this block only runs when the site is built
stack = [Conv2D(8, 4, padding="same", bias=False), ReLU(), MaxPool2D(8, padding="same")]
x = np.ones((1, 64, 64, 3))
print(forward(stack, x, seed=0).shape)
