"""Steps the browser tests share."""

import re

from playwright.sync_api import Page


def arrive(page: Page, address: str):
    """Wait until the page's address matches (a regular expression). The browser reports the
    change; `expect(page).to_have_url` would poll instead, at 0.1, 0.35, 0.85 s …, and on a busy
    machine each step would wait for the next poll."""
    page.wait_for_url(re.compile(address), wait_until="domcontentloaded")
