"""The site's own Python: macros, computed facts and page helpers (never shipped in convmap).

`docs_site.macros.define_env` is mkdocs-macros' entry point. Each module in
`docs_site.pages` defines ``define(env)``, which adds that page's variables and
macros; a fact is asserted where it is computed, so a wrong fact fails the build.
"""
