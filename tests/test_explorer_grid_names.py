"""explorer_html's grid_names keyword: the names replace input/output in both languages."""

from __future__ import annotations

import pytest

from convmap.figures import explorer_html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_names_head_each_grid_and_name_its_cells(lang) -> None:
    html = explorer_html((6, 6), 3, title="T", lang=lang, grid_names=("BIG", "SMALL"))
    sep = ": " if lang == "en" else "："
    assert f"BIG{sep}6 x 6" in html and f"SMALL{sep}4 x 4" in html
    assert f'aria-label="T{sep}BIG"' in html and f'aria-label="T{sep}SMALL"' in html
    plain = explorer_html((6, 6), 3, title="T", lang=lang)
    assert "BIG" not in plain


def test_one_axis_names() -> None:
    html = explorer_html(5, 2, title="T", grid_names=("big", "small"))
    assert "big: 5" in html and "small: 4" in html


@pytest.mark.parametrize("bad", ["ab", ("a",), ("a", ""), ("a", 3), ("a", "b", "c")])
def test_bad_names_are_refused(bad) -> None:
    with pytest.raises(TypeError, match=r"grid_names must be None or a \(input grid name"):
        explorer_html((6, 6), 3, title="T", grid_names=bad)
