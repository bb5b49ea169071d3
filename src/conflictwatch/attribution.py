"""Recording who started each incident, according to each source: the coder's attribution stage
(:func:`conflictwatch.extract.initiative.read_source`) run over every coded account that has no
reading of its current coding, stored with the account (:mod:`conflictwatch.store.readings`).

This is the pipeline's step after the accounts are stored: ingest and re-coding call it, and the
faces that report on attribution (``ceasefire report``, ``alerts``, the desk) call it once before
they read, so a store ingested before this step existed catches up. The monitor itself only reads.
"""

from __future__ import annotations

from conflictwatch.extract.initiative import READER_VERSION, read_source
from conflictwatch.ingest.language import coding_language
from conflictwatch.store import Store
from conflictwatch.store.readings import changed_since_read, mark_read, save_readings, unread_accounts


def record_readings(store: Store) -> int:
    """Read and store the attribution of every account lacking one; returns how many were read."""
    newest = changed_since_read(store.db, READER_VERSION)
    if newest is None:
        return 0
    pending = unread_accounts(store.db, READER_VERSION)
    if not pending:
        mark_read(store.db, READER_VERSION, newest)
        return 0
    texts: dict[str, str] = {}
    done = []
    for account in pending:
        if account.report_id not in texts:
            texts[account.report_id] = store.report_text(account.report_id)
        lang = coding_language(account.language or "und") or "en"  # the rules the report was coded with
        done.append((account, read_source(account.coded_event_id, texts[account.report_id], account.evidence,
                                          account.country, account.source_kind, account.claimed_by, lang)))
    n = save_readings(store.db, done)
    mark_read(store.db, READER_VERSION, newest)
    return n
