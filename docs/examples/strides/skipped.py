from convmap import neurons_seeing

# 10 pixels, kernel 2, stride 3: which pixels does no neuron see?
skipped = [p for p in range(10) if not neurons_seeing(p, 10, 2, stride=3)]
print("0-based:", skipped)
print("1-based:", [p + 1 for p in skipped])
