from convmap import input_window

# 0-based: pixel 1 is index 0, pixel 64 is index 63; 64 and 65 are padded zeros.
print("last neuron, SAME: ", input_window(63, 64, 4, 1, "same"))
print("last neuron, pad=1:", input_window(62, 64, 4, 1, 1))
