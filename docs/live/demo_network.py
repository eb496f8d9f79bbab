from convmap import Conv2D, MaxPool2D, ReLU, input_region, trace

stack = [Conv2D(8, 4, padding="same", bias=False), ReLU(), MaxPool2D(8, padding="same")]
for t in trace(stack, (64, 64, 3)):
    print(t.name, t.output_shape, t.params, t.receptive_field)
region = input_region(stack, (64, 64, 3), 2, 0, 0)
print(
    "maxpool1 neuron (0, 0) reads",
    region.pixels,
    "pixels (0-based rows",
    region.rows_read[0],
    "to",
    region.rows_read[-1],
    ")",
)
