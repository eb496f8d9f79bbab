from convmap import output_size

for padding in ["same", "valid", 1]:
    n = output_size(64, 4, stride=1, padding=padding)
    print(f"padding={padding!r:8} -> {n} x {n} x 8 = {n * n * 8:,} neurons")
