"""Sphinx configuration of the lessons' website; `python -m lesson_tools.publish.site site` (`make site`) writes
the source pages (executed student notebooks, quiz pages, index, sources) and calls Sphinx with this.

Nothing is fetched at build time or by a reader's browser: the theme bundles its fonts and icons,
notebooks are executed before Sphinx runs (myst-nb does not execute), and plotly.js is the plotly
package's own copy, served from `_static/`.
"""

from pathlib import Path

import plotly

from lesson_tools.publish.site import binder_url, settings
from lesson_utils.i18n import _, current, edition  # the site's language: $LESSON_LANGUAGE, set by site.py

_where = settings()  # [tool.paris-summit-lessons] in pyproject.toml: the repository the Binder links open

project = "Paris Summit lessons"
author = "Paris Summit Lessons contributors"
copyright = "Paris Summit Lessons contributors; lesson text and data CC BY 4.0, code MIT"

extensions = ["myst_nb"]
myst_enable_extensions = ["colon_fence"]
nb_execution_mode = "off"
nb_merge_streams = True
# A widget cannot work on a static page; myst-nb would otherwise load a widget manager from a CDN.
nb_ipywidgets_js = {}
exclude_patterns = ["_build", "**.ipynb_checkpoints", "doctrees"]
suppress_warnings = ["mystnb.unknown_mime_type", "misc.highlighting_failure"]

html_theme = "sphinx_book_theme"
html_title = _("Paris Summit lessons")
html_static_path = ["_static", str(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")]
# In <head>, without defer: each figure's inline script calls Plotly.newPlot as the page is read.
html_js_files = ["plotly.min.js"]
html_css_files = ["lessons.css"]
html_copy_source = True  # the download button offers the page's notebook (student version, run)
html_show_sourcelink = False
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    # On every page, utility pages included: where to run the lessons.
    "announcement": _(
        'Read the lessons here; to run them and take the quizzes, <a href="{url}">launch them on Binder</a>.'
    ).format(url=binder_url(edition(Path("00_start_here.ipynb"), current()).name, _where)),
}
