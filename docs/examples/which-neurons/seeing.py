from convmap import neurons_seeing

# Which neurons of one row read a pixel? 64 pixels, kernel 4, stride 1, SAME.
print("first pixel:", neurons_seeing(0, 64, 4, 1, "same"))  # 0-based indices
print("last pixel: ", neurons_seeing(63, 64, 4, 1, "same"))
print("pixel 30:   ", neurons_seeing(30, 64, 4, 1, "same"))
