from convmap import input_window, layer_geometry, output_size

# The Q&A's first layer: 64 x 64 input, 4 x 4 kernel, SAME, stride 1
geo = layer_geometry((64, 64), (4, 4), 1, "same")
print("padding (top, bottom), (left, right):", geo.padding)
print("output:", geo.output)
print("VALID would give", output_size(64, 4, 1, "valid"), "per axis")
print("last neuron reads (0-based):", input_window(63, 64, 4, 1, "same"))
