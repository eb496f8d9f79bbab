"""Macros every page may use: examples, "Check yourself", pixel words, numbers, data."""

from __future__ import annotations

from docs_site import pieces


def page_lang(env) -> str:
    """The language of the page being rendered: "zh" or "en".

    mkdocs-static-i18n sets ``page.file.locale`` from the file name (``page.zh.md`` ->
    "zh"; an English page shown in the Chinese edition as a fallback stays "en"), so a
    page's pieces follow the words the page is written in. Page modules pass it to
    figure functions (``lang=page_lang(env)``).
    """
    page = getattr(env, "page", None)
    locale = getattr(getattr(page, "file", None), "locale", None) if page else None
    return "zh" if str(locale or "").startswith("zh") else "en"


_lang = page_lang  # the name the macros below use


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

    @env.macro
    def tr(text) -> str:
        """A module's computed English phrase in the page's language (numbers kept)."""
        return pieces.translate(text, _lang(env))
