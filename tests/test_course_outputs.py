"""convmap against the outputs the Coursera course publishes for its own NumPy code.

The Q&A's ``conv_forward`` comes from the Deep Learning
Specialization's "Convolutional Model: step by step" notebook. Its expected
outputs, printed in the notebook for seeded random inputs, are an independent
reference: convmap must reproduce them with the same settings (symmetric
``pad`` -> ``padding=pad``, bias ``(1, 1, 1, n_C)`` accepted as is).
"""

import numpy as np
import pytest

from convmap import conv2d, conv2d_loops


@pytest.mark.parametrize("conv", [conv2d, conv2d_loops])
def test_conv_forward_published_output(conv):
    np.random.seed(1)
    a_prev = np.random.randn(2, 5, 7, 4)
    w = np.random.randn(3, 3, 4, 8)
    b = np.random.randn(1, 1, 1, 8)
    z = conv(a_prev, w, b, stride=2, padding=1)
    assert z.shape == (2, 3, 4, 8)
    assert np.mean(z) == pytest.approx(0.5511276474566768, rel=1e-12)
    np.testing.assert_allclose(
        z[0, 2, 1],
        [
            -2.17796037,
            8.07171329,
            -0.5772704,
            3.36286738,
            4.48113645,
            -2.89198428,
            10.99288867,
            3.03171932,
        ],
        rtol=1e-7,
    )


@pytest.mark.parametrize("conv", [conv2d, conv2d_loops])
def test_conv_forward_published_output_older_notebook(conv):
    np.random.seed(1)
    a_prev = np.random.randn(10, 4, 4, 3)
    w = np.random.randn(2, 2, 3, 8)
    b = np.random.randn(1, 1, 1, 8)
    z = conv(a_prev, w, b, stride=2, padding=2)
    assert z.shape == (10, 4, 4, 8)
    assert np.mean(z) == pytest.approx(0.0489952035289, rel=1e-10)
    np.testing.assert_allclose(
        z[3, 2, 1],
        [
            -0.61490741,
            -6.7439236,
            -2.55153897,
            1.75698377,
            3.56208902,
            0.53036437,
            5.18531798,
            8.75898442,
        ],
        rtol=1e-7,
    )
