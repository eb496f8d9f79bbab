from convmap import input_window

rows = input_window(0, 64, 4, 1, "same")  # neuron (0, 0), 0-based
cols = input_window(0, 64, 4, 1, "same")
window = [(r, c) for r in rows for c in cols]
real = [(r, c) for r, c in window if 0 <= r < 64 and 0 <= c < 64]
zeros = len(window) - len(real)
print(len(window), "cells:", len(real), "real pixels and", zeros, "zeros")
