from convmap import output_size, padding_amounts

# SAME, kernel 3, stride 2 on an odd and an even axis
for n in (7, 8):
    before, after = padding_amounts(n, 3, 2, "same")
    out = output_size(n, 3, 2, "same")
    print(f"{n} pixels: {out} neurons, zeros {before} before, {after} after")
