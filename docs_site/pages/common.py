"""Macros every page may use: examples, "Check yourself", pixel words, numbers, data."""

from __future__ import annotations

from docs_site import pieces


def _lang(env) -> str:
    page = getattr(env, "page", None)
    locale = getattr(getattr(page, "file", None), "locale", None) if page else None
    return "zh" if str(locale or "").startswith("zh") else "en"


def define(env) -> None:
    """Register the shared macros; each reads the page's language where it shows words."""

    @env.macro
    def example(name: str, output: bool = True) -> str:
        return pieces.example(name, output, _lang(env))

    @env.macro
    def check_yourself(*questions) -> str:
        return pieces.check_yourself(questions, _lang(env))

    @env.macro
    def pixels(indices, size: int) -> str:
        return pieces.pixel_words(indices, size, _lang(env))

    @env.macro
    def num(value) -> str:
        return pieces.number(value, _lang(env))

    @env.macro
    def data(name: str):
        return pieces.load_data(name)
