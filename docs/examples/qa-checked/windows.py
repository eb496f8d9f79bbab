from convmap import input_window, output_size, padding_amounts


def seen(neuron, padding):  # the answer's 1-based pixel names; a padded position is "zero"
    return [str(i + 1) if 0 <= i < 64 else "zero" for i in input_window(neuron, 64, 4, 1, padding)]


for n in [0, 1, 60]:  # 0-based indices of neurons 1, 2 and 61
    print(f"VALID: neuron {n + 1:>2} sees pixels", seen(n, "valid"))
print("VALID neurons per axis:", output_size(64, 4, 1, "valid"))
print("SAME zeros (before, after):", padding_amounts(64, 4, 1, "same"))
for n in [0, 62, 63]:
    print(f"SAME: neuron {n + 1:>2} sees", seen(n, "same"))
