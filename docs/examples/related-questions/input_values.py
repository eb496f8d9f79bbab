# The input "layer" is the image: one value per pixel and channel.
for name, (h, w, c) in [("Q&A (SIGNS)", (64, 64, 3)), ("LeNet-like", (32, 32, 1))]:
    print(f"{name:12} {h} x {w} x {c} = {h * w * c:,} input values")
