"""convmap against the outputs the Coursera course publishes for its own NumPy code.

The Q&A's ``conv_forward`` comes from the Deep Learning Specialization's
"Convolutional Model: step by step" notebook. Its expected outputs, printed in
the notebook for seeded random inputs, are an independent reference: convmap
must reproduce them with the same settings (symmetric ``pad`` ->
``padding=pad``, bias ``(1, 1, 1, n_C)`` accepted as is).
"""

import numpy as np
import pytest

from convmap import conv2d, conv2d_loops

# (shapes of A_prev and W, pad, stride, printed mean of Z, printed position, printed Z there)
PUBLISHED = {
    "notebook": (
        (2, 5, 7, 4), (3, 3, 4, 8), 1, 2, 0.5511276474566768, (0, 2, 1),
        [-2.17796037, 8.07171329, -0.5772704, 3.36286738,
         4.48113645, -2.89198428, 10.99288867, 3.03171932],
    ),
    "older notebook": (
        (10, 4, 4, 3), (2, 2, 3, 8), 2, 2, 0.0489952035289, (3, 2, 1),
        [-0.61490741, -6.7439236, -2.55153897, 1.75698377,
         3.56208902, 0.53036437, 5.18531798, 8.75898442],
    ),
}  # fmt: skip


@pytest.mark.parametrize("conv", [conv2d, conv2d_loops])
@pytest.mark.parametrize("version", PUBLISHED)
def test_conv_forward_published_output(conv, version):
    x_shape, w_shape, pad, stride, mean, where, values = PUBLISHED[version]
    np.random.seed(1)
    a_prev = np.random.randn(*x_shape)
    w = np.random.randn(*w_shape)
    b = np.random.randn(1, 1, 1, w_shape[3])
    z = conv(a_prev, w, b, stride=stride, padding=pad)
    n_h = (x_shape[1] - w_shape[0] + 2 * pad) // stride + 1  # the notebook's formula
    n_w = (x_shape[2] - w_shape[1] + 2 * pad) // stride + 1
    assert z.shape == (x_shape[0], n_h, n_w, w_shape[3])
    assert np.mean(z) == pytest.approx(mean, rel=1e-10)
    np.testing.assert_allclose(z[where], values, rtol=1e-7)
