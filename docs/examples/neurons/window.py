from convmap import input_window

# The neuron in row 11, column 21 (1-based) is index (10, 20) in code.
row, col = 10, 20
rows = input_window(row, 64, 4, stride=1, padding="same")
cols = input_window(col, 64, 4, stride=1, padding="same")
print("0-based rows read:", rows)
print("0-based cols read:", cols)
print("values read:", len(rows) * len(cols) * 3)
