"""The browser harness itself: it must notice what the view tests forbid."""
from __future__ import annotations

import pytest

from .conftest import Watched


@pytest.mark.browser
def test_watcher_records_remote_requests_dialogs_and_errors(browser, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<html><body><img src="https://example.invalid/x.png">'
                    '<script>alert(1); console.error("boom"); undefined_call();</script>'
                    '<script>document.body.setAttribute("data-ready", "1")</script></body></html>')
    w = Watched(browser, page)
    try:
        text = "\n".join(w.problems)
        assert "request to https://example.invalid/x.png" in text
        assert "dialog: alert 1" in text
        assert "console error: boom" in text
        assert "page error" in text
    finally:
        w.close()
