from convmap import tf_transpose_output_sizes, torch_transpose_output_size

# 4 values, kernel 3, stride 2
print("TensorFlow SAME accepts output_shape", tf_transpose_output_sizes(4, 3, 2, "same"))
print("PyTorch padding=1, output_padding=0:", torch_transpose_output_size(4, 3, 2, 1, 0))
print("PyTorch padding=1, output_padding=1:", torch_transpose_output_size(4, 3, 2, 1, 1))
