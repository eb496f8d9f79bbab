from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D
from convmap.network import trace

stack = [Conv2D(3, 5), MaxPool2D(2), Conv2D(6, 5), MaxPool2D(2), Flatten(), Dense(100)]
layers = trace(stack, (32, 32, 1))
for t in layers:
    chw = t.output_shape[-1:] + t.output_shape[:-1]  # channels first, as the question
    print(f"{t.name:9} {' x '.join(map(str, chw)):10} parameters {t.params:6,}")
print("total", f"{sum(t.params for t in layers):,}")
