"""The analyst's desk: one static page (``static/index.html``) with its own JS and CSS, and the
front-end libraries vendored from the npm registry under ``static/vendor/`` (see VERSIONS.txt there;
``update_vendor.sh`` re-creates them). Nothing is loaded from the internet."""

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
INDEX_HTML = STATIC_DIR / "index.html"

__all__ = ["INDEX_HTML", "STATIC_DIR"]
