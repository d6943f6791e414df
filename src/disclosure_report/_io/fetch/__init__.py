"""Fetching reports from agencies' websites: politely, resumably, safely, with where each file came from.

- :mod:`.manifest`: the manifest a fetch writes (a JSON line per address) and what an export reads of it;
- :mod:`.safety`: which addresses may be asked for, file names from addresses, writes inside the folder,
  bodies decompressed within a limit;
- :mod:`.links`: a page's attachments that look like the report, and pages that are application shells;
- :mod:`.client`: the HTTP client (requests and urllib3, the ``fetch`` extra): robots.txt, one request at a
  time per host, retries;
- :mod:`.fetcher`: :func:`~disclosure_report.fetch_reports`.

Nothing here is imported by ``import disclosure_report``; only :mod:`.client` imports the HTTP client.
"""

from typing import Final

DEFAULT_DELAY: Final = 2.0
"""Seconds between two requests to one host, by default (here: the command line's help names it)."""
