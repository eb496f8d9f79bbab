from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
from convmap.network import trace

model = [
    Conv2D(8, 4, padding="SAME", bias=False),  # Z1
    ReLU(),  # A1
    MaxPool2D(8, stride=8, padding="SAME"),  # P1
    Conv2D(16, 2, padding="SAME", bias=False),  # Z2
    ReLU(),  # A2
    MaxPool2D(4, stride=4, padding="SAME"),  # P2
    Flatten(),  # F
    Dense(6),  # Z3
]
layers = trace(model, (64, 64, 3))
for t in layers:
    print(f"{t.name:9} {str(t.output_shape):12} parameters {t.params}")
print("total", sum(t.params for t in layers))
