"""Facts of "Inside the convolution": the Q&A's loops, their output size, the speed-up."""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import time

from convmap import input_window, output_size, padding_amounts
from convmap.im2col_figure import im2col_svg
from docs_site import pieces
from docs_site.pages.common import page_lang

N, K, C, FILTERS = 64, 4, 3, 8
BATCH, STRIDE, PAD = 1, 1, 1  # one image; the Q&A's call conv_forward(..., pad=1, stride=1)
ODD_K = 3  # the "Check yourself" odd kernel


def example_names(name: str) -> dict:
    """Run an example quietly and return its names (to assert what the page shows)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(pieces.example_path(name)), run_name="__main__")


def loops_match_conv2d() -> None:
    """The page's conv_forward equals convmap.conv2d with the same symmetric padding."""
    import numpy as np

    from convmap import conv2d

    g = example_names("inside-the-convolution/conv_forward.py")
    z = g["conv_forward"](g["A_prev"], g["W"], g["b"], pad=1, stride=1)
    assert z.shape == (1, 63, 63, 8)
    assert np.allclose(z, conv2d(g["A_prev"], g["W"], g["b"].reshape(-1), padding=1))
    x = np.random.default_rng(3).standard_normal((2, 7, 9, 2))
    w = np.random.default_rng(4).standard_normal((3, 3, 2, 5))
    bias = np.zeros((1, 1, 1, 5))
    assert np.allclose(g["conv_forward"](x, w, bias, 2, 2), conv2d(x, w, padding=2, stride=2))
    c = example_names("inside-the-convolution/compare.py")
    assert np.allclose(c["loops_pad1"], c["loops_same"][:, :63, :63])
    assert np.allclose(c["loops_same"], c["fast_same"])
    h = example_names("inside-the-convolution/by_hand.py")
    assert input_window(h["h"], N, K, 1, "same") == [9, 10, 11, 12]
    assert np.allclose(h["by_hand"], conv2d(h["x"], h["w"], h["b"], padding="same")[0, 10, 20])


def course_check() -> None:
    """The Coursera notebook's published conv_forward output, reproduced."""
    import numpy as np

    from convmap import conv2d

    np.random.seed(1)
    a_prev = np.random.randn(2, 5, 7, 4)
    w = np.random.randn(3, 3, 4, 8)
    b = np.random.randn(1, 1, 1, 8)
    z = conv2d(a_prev, w, b, stride=2, padding=1)
    assert z.shape == (2, 3, 4, 8) and abs(np.mean(z) - 0.5511276474566768) < 1e-12
    published = [
        -2.17796037,
        8.07171329,
        -0.5772704,
        3.36286738,
        4.48113645,
        -2.89198428,
        10.99288867,
        3.03171932,
    ]
    assert np.allclose(z[0, 2, 1], published, rtol=1e-7)


_MEASURED: dict[int, dict] = {}  # one measurement per build process, shared by en and zh


def speed(repeats: int = 5) -> dict:
    """The timings of `measure_speed`, measured once per process (both editions show them)."""
    if repeats not in _MEASURED:
        _MEASURED[repeats] = measure_speed(repeats)
    return dict(_MEASURED[repeats])


def measure_speed(repeats: int = 5) -> dict:
    """Time the loops once and conv2d (best of ``repeats``) on the Q&A's single image."""
    import numpy as np

    from convmap import conv2d, conv2d_loops

    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, N, N, C))
    w = rng.standard_normal((K, K, C, FILTERS))
    t0 = time.perf_counter()
    slow = conv2d_loops(x, w, padding="same")
    loops_s = time.perf_counter() - t0
    fast_times = []
    for _ in range(repeats + 1):  # the first run warms up and is dropped
        t0 = time.perf_counter()
        fast = conv2d(x, w, padding="same")
        fast_times.append(time.perf_counter() - t0)
    assert np.allclose(slow, fast)
    fast_s = min(fast_times[1:])
    ratio = loops_s / fast_s
    assert ratio > 1, "the loops were not slower: the measurement is broken"
    return {
        "loops_ms": f"{loops_s * 1e3:,.0f}",
        "fast_ms": f"{fast_s * 1e3:,.2f}",
        "ratio": f"{ratio:,.0f}",
        "repeats": repeats,
        "cores": os.cpu_count() or 1,
        "dots": f"{N * N * FILTERS:,}",
    }


def facts() -> dict:
    """Compute the page's facts with convmap and assert them."""
    loops_match_conv2d()
    course_check()
    q_out, same_out = output_size(N, K, STRIDE, PAD), output_size(N, K, STRIDE, "same")
    pad2_out = output_size(N, K, STRIDE, PAD + 1)  # the next symmetric padding
    before, after = padding_amounts(N, K, STRIDE, "same")
    assert (q_out, same_out, pad2_out, before, after) == (63, 64, 65, 1, 2)
    return {
        "n": N,
        "k": K,
        "c": C,
        "filters": FILTERS,
        "batch": BATCH,
        "q_out": q_out,
        "same_out": same_out,
        "pad": PAD,
        "pad2": PAD + 1,
        "pad2_out": pad2_out,
        "before": before,
        "after": after,
        "speed": speed(),
    }


def checks() -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with computed answers."""
    calls = BATCH * N * N * FILTERS
    top = input_window(0, N, K, STRIDE, "same")
    n3 = output_size(N, ODD_K, STRIDE, PAD)
    last = input_window(N - 1, N, K, STRIDE, "same")
    assert (calls, top, n3, last) == (32_768, [-1, 0, 1, 2], 64, [62, 63, 64, 65])
    assert sum(not 0 <= i < N for i in last) == 2  # the answer's "two zeros"
    assert n3 == output_size(N, ODD_K, STRIDE, "same")  # "Yes"
    return [
        (
            "How many times does the innermost line of `conv_forward` run for Z1 under SAME?",
            f"Once per output number: {BATCH} x {N} x {N} x {FILTERS} = {calls:,} times.",
        ),
        (
            "Which pixels (1-based) does the last neuron of a row read under SAME?",
            f"{pieces.pixel_words(last, N)}: SAME's two zeros after the image.",
        ),
        (
            f"With a {ODD_K} x {ODD_K} kernel, does the Q&A's `pad={PAD}` give SAME's output size?",
            f"Yes: ({N} - {ODD_K} + {2 * PAD}) // {STRIDE} + 1 = {n3}. Symmetric padding matches "
            "SAME for odd kernels only.",
        ),
    ]


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    env.variables["inside"] = facts()
    env.variables["inside_checks"] = checks()
    env.macro(
        lambda: im2col_svg(qa_kernel=K, qa_channels=C, lang=page_lang(env)), "inside_im2col_figure"
    )
