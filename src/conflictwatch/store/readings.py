"""The stored attribution of each coded account (who started it, according to that source), beside
the store's tables with its own migrations (``reading_migrations``). The store keeps and returns
these records only; the coder's attribution stage writes them when accounts are recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from conflictwatch.errors import StoreError
from conflictwatch.readings import AccountReading
from conflictwatch.records import Span
from conflictwatch.store.db import Database
from conflictwatch.store.schema import MigrationSet

READINGS = MigrationSet("reading_migrations", "reading migration", StoreError)


@READINGS.register(1, "who started it, per coded account")
def _initial(db: Database) -> None:
    db.execute("""CREATE TABLE account_readings (
        coded_event_id TEXT PRIMARY KEY, basis TEXT NOT NULL, speaker TEXT, independent INTEGER NOT NULL,
        initiator TEXT, responder TEXT, denies TEXT NOT NULL, findings TEXT NOT NULL, reader TEXT NOT NULL)""")


@READINGS.register(2, "the audit entry the readings were last brought up to")
def _watermark(db: Database) -> None:
    db.execute("CREATE TABLE reading_state (name TEXT PRIMARY KEY, value BIGINT NOT NULL)")


def changed_since_read(db: Database, reader: str) -> int | None:
    """The newest audit entry when the store changed since ``reader`` last brought the readings up to
    date (every ingest and re-coding adds to the audit log), else None: two cheap queries per call."""
    READINGS.apply(db)
    newest = int(db.scalar("SELECT MAX(id) FROM audit_log") or 0)
    seen = db.scalar("SELECT value FROM reading_state WHERE name = ?", (f"seen:{reader}",))
    return None if seen is not None and int(seen) == newest else newest


def mark_read(db: Database, reader: str, audit_id: int) -> None:
    with db.transaction():
        db.execute("DELETE FROM reading_state WHERE name = ?", (f"seen:{reader}",))
        db.execute("INSERT INTO reading_state (name, value) VALUES (?, ?)", (f"seen:{reader}", audit_id))


@dataclass(frozen=True)
class UnreadAccount:
    """A coded account whose attribution is missing or was read from an older coding."""

    coded_event_id: str
    report_id: str
    basis: str  # what the reading is valid for: the account's coder version and the reader's version
    country: str | None
    source_kind: str
    claimed_by: str | None
    evidence: dict[str, tuple[Span, ...]]
    language: str | None = None  # the report's language, as stored


def unread_accounts(db: Database, reader: str) -> list[UnreadAccount]:
    """Accounts with no reading by ``reader`` of their current coding."""
    READINGS.apply(db)
    rows = db.query("SELECT c.id, c.report_id, c.coder_version, c.country, c.source_kind, c.claimed_by, a.basis, r.language"
                    " FROM coded_events c LEFT JOIN account_readings a ON a.coded_event_id = c.id"
                    " LEFT JOIN reports r ON r.id = c.report_id ORDER BY c.id")
    wanted = {r["id"]: r for r in rows if r["basis"] != _basis(r["coder_version"], reader)}
    spans: dict[str, dict[str, list[Span]]] = {}
    ids = list(wanted)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in db.query("SELECT coded_event_id, field, span_start, span_end FROM evidence WHERE coded_event_id IN"
                          f" ({', '.join('?' for _ in chunk)}) ORDER BY span_start, span_end", chunk):
            spans.setdefault(r["coded_event_id"], {}).setdefault(r["field"], []).append(Span(r["span_start"], r["span_end"]))
    return [UnreadAccount(cid, r["report_id"], _basis(r["coder_version"], reader), r["country"], r["source_kind"] or "news",
                          r["claimed_by"], {f: tuple(v) for f, v in spans.get(cid, {}).items()}, r["language"])
            for cid, r in wanted.items()]


def save_readings(db: Database, readings: Iterable[tuple[UnreadAccount, AccountReading]]) -> int:
    """Store (replacing) the readings of these accounts; drop those of accounts no longer stored."""
    READINGS.apply(db)
    n = 0
    with db.transaction():
        for account, r in readings:
            db.execute("DELETE FROM account_readings WHERE coded_event_id = ?", (r.coded_event_id,))
            db.execute("INSERT INTO account_readings (coded_event_id, basis, speaker, independent, initiator, responder,"
                       " denies, findings, reader) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (r.coded_event_id, account.basis, r.speaker, int(r.independent), r.reading.initiator,
                        r.reading.responder, _json_list(r.reading.denies), r.findings_json(), r.reader))
            n += 1
        db.execute("DELETE FROM account_readings WHERE coded_event_id NOT IN (SELECT id FROM coded_events)")
    return n


def load_readings(db: Database, coded_event_ids: Iterable[str]) -> dict[str, AccountReading]:
    """The stored readings of these accounts (those never read are absent)."""
    READINGS.apply(db)
    ids = list(dict.fromkeys(coded_event_ids))
    out: dict[str, AccountReading] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in db.query("SELECT * FROM account_readings WHERE coded_event_id IN"
                          f" ({', '.join('?' for _ in chunk)})", chunk):
            out[r["coded_event_id"]] = AccountReading.from_columns(
                r["coded_event_id"], r["speaker"], bool(r["independent"]), r["initiator"], r["responder"],
                r["denies"], r["findings"], r["reader"])
    return out


def _basis(coder_version: str | None, reader: str) -> str:
    return f"{coder_version or ''}|{reader}"


def _json_list(values: tuple[str, ...]) -> str:
    import json

    return json.dumps(list(values), ensure_ascii=False)
