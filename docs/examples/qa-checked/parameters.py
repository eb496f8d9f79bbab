conv = (4 * 4 * 3 + 1) * 8  # W1 and one bias per filter
dense = 64 * 64 * 3 * (64 * 64 * 8) + 64 * 64 * 8  # every input to every output, plus biases
print(f"conv layer (W1 + bias):            {conv:>13,}")
print(f"fully connected, 32,768 outputs:   {dense:>13,}")
