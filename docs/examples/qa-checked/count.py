from convmap import output_size


def neurons(n=64, k=4, padding="same", stride=1, filters=8):
    side = output_size(n, k, stride, padding)
    return side * side * filters


print("Q&A layer:", f"{neurons():,}", "| 16 filters:", f"{neurons(filters=16):,}")
print(
    "SAME, kernel 5:",
    f"{neurons(k=5):,}",
    "| VALID, kernel 5:",
    f"{neurons(k=5, padding='valid'):,}",
)
