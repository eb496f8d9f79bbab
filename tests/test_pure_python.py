"""The bottom floor runs without NumPy: import convmap, geometry, layers, trace, input_region.

The check runs in a fresh interpreter whose import system refuses NumPy (a
meta-path finder raising ``ImportError`` for ``numpy`` and its submodules),
as in the browser under Pyodide, where the live pages run these modules.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

SCRIPT = textwrap.dedent(
    """
    import sys

    class BlockNumPy:
        def find_spec(self, name, path=None, target=None):
            if name == "numpy" or name.startswith("numpy."):
                raise ImportError(f"NumPy is blocked in this test: {name}")
            return None

    sys.meta_path.insert(0, BlockNumPy())
    try:
        import numpy  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the blocker failed: numpy imported")

    import convmap
    import convmap.geometry, convmap.layers, convmap.network, convmap.padding
    from convmap import (Conv2D, Dense, Flatten, MaxPool2D, ReLU, input_region,
                         input_window, layer_geometry, neurons_seeing, output_size,
                         padding_amounts, trace)

    qa = [Conv2D(8, 4, padding="SAME", bias=False), ReLU(), MaxPool2D(8, padding="SAME"),
          Conv2D(16, 2, padding="SAME", bias=False), ReLU(), MaxPool2D(4, padding="SAME"),
          Flatten(), Dense(6)]
    t = trace(qa, (64, 64, 3))
    assert [r.output_shape for r in t][-3:] == [(2, 2, 16), (64,), (6,)], t
    assert t[5].span == (43, 43) and t[5].read_counts == ((42, 33), (42, 33)), t[5]
    r = input_region(qa, (64, 64, 3), 5, 0, 1)
    assert r.rows == range(-1, 42) and r.cols == range(31, 74), r
    assert r.rows_read == tuple(range(42)) and r.cols_read == tuple(range(31, 64)), r
    assert input_region(qa, (64, 64, 3), 7, 0).pixels == 64 * 64
    assert padding_amounts(64, 4, 1, "same") == (1, 2) and output_size(64, 4, 1, "same") == 64
    assert input_window(0, 64, 4, 1, "same") == [-1, 0, 1, 2]
    assert neurons_seeing(0, 64, 4, 1, "same") == [0, 1]
    assert layer_geometry(64, 4, 1, "same").output == (64, 64)
    try:
        convmap.conv2d
    except ImportError as err:
        assert "numpy" in str(err).lower(), err
    else:
        raise SystemExit("conv2d imported without NumPy")
    assert "numpy" not in sys.modules
    print("pure python ok")
    """
)


def test_bottom_floor_without_numpy() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "pure python ok"
