from convmap import input_window, output_size

# 9 pixels, kernel 3, dilation 2, stride 1, no padding (0-based indices)
print("first neuron reads:", input_window(0, 9, 3, dilation=2))
print("second neuron reads:", input_window(1, 9, 3, dilation=2))
print("neurons:", output_size(9, 3, dilation=2))
