from convmap import layer_geometry

# Keras Conv2D(filters=64, kernel_size=(5, 100)) on input (5, 720, 1):
# Keras defaults to padding="valid" and stride 1.
g = layer_geometry((5, 720), kernel=(5, 100))
print("output rows, cols:", g.output)
print("output shape with 64 filters:", (*g.output, 64))
