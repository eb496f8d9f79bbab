# One axis, from the input: r = 1 pixel, jump = 1, start = 0 (0-based).
r, jump, start = 1, 1, 0
# (kernel, stride, zeros before) of conv1, P1, conv2, P2
for k, s, before in [(4, 1, 1), (8, 8, 0), (2, 1, 0), (4, 4, 0)]:
    r, start, jump = r + (k - 1) * jump, start - before * jump, jump * s
    print(f"k={k} s={s} before={before}: r={r:2} jump={jump:2} start={start}")
