from convmap.layers import Conv2D

try:
    Conv2D(3, 5, stride=0)
except ValueError as err:
    print("ValueError:", err)
