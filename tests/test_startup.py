"""What `extract` loads before it codes: not the HTTP client, the feed reader or urllib's downloader, which
only reading URLs and feeds and `gazetteer download` use (each import is start-up time of every run)."""

from __future__ import annotations

import subprocess
import sys

NOT_FOR_CODING = ("httpcore", "conflictwatch.ingest.web", "conflictwatch.ingest.feeds", "urllib.request")


def test_the_extract_path_imports_no_http_client_or_downloader():
    probe = ("import sys, conflictwatch.cli, conflictwatch.run, conflictwatch.pipeline, conflictwatch.export, "
             "conflictwatch.ingest, conflictwatch.geo; "
             "from conflictwatch.ingest.sources import read_sources; "
             f"print(' '.join(m for m in {NOT_FOR_CODING!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert loaded.stdout.split() == []
    # the modules exist and are what reading a URL loads
    fetching = subprocess.run([sys.executable, "-c", "import sys; from conflictwatch.ingest.sources import read_sources; "
                               "list(read_sources(['http://127.0.0.1:9/none.html'])); "
                               f"print(' '.join(m for m in {NOT_FOR_CODING!r} if m in sys.modules))"],
                              capture_output=True, text=True, check=True, timeout=120)
    assert set(fetching.stdout.split()) >= {"httpcore", "conflictwatch.ingest.web", "conflictwatch.ingest.feeds"}
