from convmap import output_size, padding_amounts

# The Q&A's axis: 64 pixels, kernel 4, stride 1.
print("padding    zeros before, after   neurons")
for padding in ["valid", "same", "full", 1, (1, 2)]:
    before, after = padding_amounts(64, 4, 1, padding)
    neurons = output_size(64, 4, 1, padding)
    print(f"{padding!r:10} {before:>6}, {after:<14} {neurons}")
