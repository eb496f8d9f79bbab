from convmap.layers import Conv2D
from convmap.network import trace

# Keras Conv1D(filters=20, kernel_size=10) on (500, 1) is a Conv2D on a 1 x 500 image.
(t,) = trace([Conv2D(20, (1, 10))], (1, 500, 1))
print("output", t.output_shape[1:], "parameters", t.params)
