from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
from convmap.network import input_region

model = [
    Conv2D(8, 4, padding="SAME", bias=False),
    ReLU(),
    MaxPool2D(8, 8, "SAME"),
    Conv2D(16, 2, padding="SAME", bias=False),
    ReLU(),
    MaxPool2D(4, 4, "SAME"),
    Flatten(),
    Dense(6),
]
for i in range(2):  # P2 positions, 0-based
    for j in range(2):
        reg = input_region(model, (64, 64, 3), 5, i, j)  # layer 5 is P2
        rows, cols = reg.rows_read, reg.cols_read
        print(
            f"P2 ({i}, {j}): span {reg.size}, reads rows {rows[0]}..{rows[-1]},",
            f"cols {cols[0]}..{cols[-1]}: {len(rows)} x {len(cols)} pixels",
        )
