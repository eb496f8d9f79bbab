from convmap.layers import Conv2D, Dense, Flatten
from convmap.layers import MaxPool2D as Pool
from convmap.network import trace

stack = [Conv2D(3, 5), Pool(2), Conv2D(6, 5), Pool(2), Flatten(), Dense(100)]
for t in trace(stack, (32, 32, 1)):
    print(t.name, t.output_shape, t.params, t.receptive_field)
