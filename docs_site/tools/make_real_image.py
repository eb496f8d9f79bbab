"""Make docs/data/qa_image_64x64x3.npy: the Q&A's 64 x 64 x 3 input as a real photograph.

Run once, at development time, in a throwaway environment that has scikit-image
(never a project dependency)::

    python -m venv /tmp/img && /tmp/img/bin/pip install scikit-image
    /tmp/img/bin/python docs_site/tools/make_real_image.py

It takes scikit-image's ``data.chelsea()`` ("Chelsea the cat"; its docstring: "No copyright
restrictions. CC0 by the photographer (Stefan van der Walt)"), crops a square around the cat's
face, averages it down to 64 x 64 pixels, and writes the uint8 array and a JSON file saying
where it came from. The site reads only those two files (with NumPy) at build time.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import skimage
from skimage import data

OUT = Path(__file__).resolve().parents[2] / "docs" / "data"
TOP, LEFT, SIDE, SIZE = 22, 116, 256, 64  # the crop, in the 300 x 451 photograph


def crop_and_shrink(photo: np.ndarray) -> np.ndarray:
    """Crop SIDE x SIDE at (TOP, LEFT) and average SIDE // SIZE square blocks into one pixel."""
    square = photo[TOP : TOP + SIDE, LEFT : LEFT + SIDE].astype(np.float64)
    f = SIDE // SIZE
    small = square.reshape(SIZE, f, SIZE, f, 3).mean(axis=(1, 3))
    return np.clip(np.rint(small), 0, 255).astype(np.uint8)


def main() -> None:
    """Crop the photograph and write the array and its description to docs/data."""
    photo = data.chelsea()
    assert photo.shape == (300, 451, 3), photo.shape
    image = crop_and_shrink(photo)
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "qa_image_64x64x3.npy", image)
    meta = {
        "file": "qa_image_64x64x3.npy",
        "shape": list(image.shape),
        "dtype": "uint8",
        "source": "scikit-image data.chelsea() ('Chelsea the cat'), skimage/data/chelsea.png",
        "scikit_image_version": skimage.__version__,
        "licence": "CC0 (public domain dedication) by the photographer, Stefan van der Walt, "
        "as stated in scikit-image's data.chelsea docstring: 'No copyright restrictions. "
        "CC0 by the photographer (Stefan van der Walt).'",
        "crop": {"top": TOP, "left": LEFT, "side": SIDE, "of_shape": list(photo.shape)},
        "resize": f"mean of {SIDE // SIZE} x {SIDE // SIZE} blocks, rounded to uint8",
        "made_by": "docs_site/tools/make_real_image.py",
    }
    (OUT / "qa_image.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print("wrote", OUT / "qa_image_64x64x3.npy", image.shape, image.dtype)


if __name__ == "__main__":
    main()
