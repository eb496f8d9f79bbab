from convmap import input_window, painted_pixels, transpose_axis

# 4 values, kernel 3, stride 2, PyTorch padding=1, output_padding=1
axis = transpose_axis(4, 3, 2, padding=1, output_padding=1)
print("output length:", axis.output)
for i in range(4):  # 0-based
    painted = painted_pixels(i, 4, 3, 2, 1, 1)
    seen = input_window(i, axis.output, 3, 2, (1, 1))  # the forward conv's window
    print(f"value {i} paints {painted}; conv neuron {i} sees {seen}")
