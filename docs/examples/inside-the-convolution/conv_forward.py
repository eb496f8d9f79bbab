import numpy as np


def conv_forward(A_prev, W, b, pad, stride):
    """The Q&A's loops: one output number per example, row, column and filter."""
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    n_H = (n_H_prev - f + 2 * pad) // stride + 1  # the Q&A's formula
    n_W = (n_W_prev - f + 2 * pad) // stride + 1
    A_prev_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))  # zero_pad
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    top, left = h * stride, w * stride  # vert_start, horiz_start
                    a_slice = A_prev_pad[i, top : top + f, left : left + f, :]
                    Z[i, h, w, c] = np.sum(a_slice * W[:, :, :, c]) + b[0, 0, 0, c]
    return Z


rng = np.random.default_rng(1)
A_prev = rng.standard_normal((1, 64, 64, 3))  # the Q&A's call, random data
W = rng.standard_normal((4, 4, 3, 8))
b = rng.standard_normal((1, 1, 1, 8))
print("Z.shape:", conv_forward(A_prev, W, b, pad=1, stride=1).shape)
