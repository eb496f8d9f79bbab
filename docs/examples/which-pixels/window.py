from convmap import input_window

# The Q&A's layer along one axis: 64 pixels, kernel 4, stride 1, SAME.
for neuron in [0, 1, 63]:  # 0-based neuron indices
    print("neuron", neuron, "reads", input_window(neuron, 64, 4, 1, "same"))
# -1, 64 and 65 are outside 0..63: padded zeros
