from convmap.layers import Conv2D
from convmap.network import trace

# Keras Conv2D(filters=64, kernel_size=(5, 100)) on (5, 720, 1)
(t,) = trace([Conv2D(64, (5, 100))], (5, 720, 1))
print("output", t.output_shape, "parameters", f"{t.params:,}")
