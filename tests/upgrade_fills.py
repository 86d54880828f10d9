"""Realistic rows for a database at every revision, written as data (tests/test_upgrades.py).

``FILLS[revision]`` adds what that revision introduced: rows of its new tables, and
values of its new columns on the rows already there. A database "at 0009" is the
migrations up to 0001 + ``FILLS["0001"]``, up to 0002 + ``FILLS["0002"]``, … up to
0009 + ``FILLS["0009"]``; the test then upgrades it to head and compares every row.

A new migration needs its fill here (the test refuses a revision without one): add
``"0014": [...]`` with an ``Insert`` per new table and an ``Update`` per new column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table
from sqlalchemy.engine import Connection

from runtime.db import alembic_config, create_migration_engine


@dataclass(frozen=True)
class Insert:
    """Rows for ``table``, one dict of column values each."""

    table: str
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class Update:
    """Set ``values`` on the row of ``table`` whose ``key`` columns match."""

    table: str
    key: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)


Step = Insert | Update


def at(text: str) -> datetime:
    """A UTC instant from ``"2026-08-15 02:00"``."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


SECRETARY = 7_100_000_001
CADRES = (7_100_000_002, 7_100_000_003, 7_100_000_004)
PENDING = 7_100_000_005
REJECTED = 7_100_000_006
SECRETARY_B = 7_100_000_020
GROUP = -1_001_234_567_890


def _member(
    id: int, telegram_id: int | None, name: str, rt: str, poktan: str, **extra: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": id,
        "kampung_id": 1,
        "telegram_id": telegram_id,
        "full_name": name,
        "rt": rt,
        "poktan": poktan,
        "role": "cadre",
        "status": "active",
        "consent_at": at("2026-08-01 01:00"),
        "blocked_bot": False,
        "blocked_at": None,
        "decided_at": at("2026-08-01 02:00"),
        "decided_by_id": 1,
        "created_at": at("2026-08-01 01:00"),
        "updated_at": at("2026-08-01 02:00"),
        "erased_at": None,
    }
    row.update(extra)
    return row


FILLS: dict[str, list[Step]] = {
    "0001": [
        Insert(
            "kampung",
            [
                {
                    "id": 1,
                    "name": "Kampung KB Penyengat Rendah",
                    "timezone": "Asia/Jakarta",
                    "rt_order": "01,02,03,07",
                    "group_chat_id": GROUP,
                    "created_at": at("2026-08-01 00:00"),
                    "updated_at": at("2026-08-01 00:00"),
                }
            ],
        ),
        Insert(
            "member",
            [
                _member(
                    1, SECRETARY, "Hj. Rosmiati", "07", "Pokja", role="admin", decided_by_id=None
                ),
                _member(2, CADRES[0], "Siti Aminah", "01", "BKB"),
                _member(3, CADRES[1], "Nur'aini & Yusuf", "02", "BKR"),
                _member(
                    4,
                    CADRES[2],
                    "Dewi Lestari",
                    "03",
                    "BKL",
                    blocked_bot=True,
                    blocked_at=at("2026-08-20 03:00"),
                ),
                _member(
                    5,
                    PENDING,
                    "Rahmawati",
                    "07",
                    "UPPKS",
                    status="pending",
                    decided_at=None,
                    decided_by_id=None,
                ),
                _member(
                    6,
                    REJECTED,
                    None,
                    None,
                    None,
                    status="rejected",
                    erased_at=at("2026-08-03 00:00"),
                    consent_at=None,
                ),
            ],
        ),
    ],
    "0002": [
        Insert(
            "meeting",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "starts_at": at("2026-08-15 02:00"),
                    "host_rt": "07",
                    "proposed_host_rt": "07",
                    "venue": "Rumah Data RT 07",
                    "topic": "Stunting & gizi balita",
                    "status": "scheduled",
                    "cancel_reason": None,
                    "created_by_id": 1,
                    "created_at": at("2026-08-05 03:00"),
                    "updated_at": at("2026-08-05 03:00"),
                },
                {
                    "id": 2,
                    "kampung_id": 1,
                    "starts_at": at("2026-09-12 02:00"),
                    "host_rt": "01",
                    "proposed_host_rt": "01",
                    "venue": "Balai RT 01",
                    "topic": "Remaja sehat",
                    "status": "cancelled",
                    "cancel_reason": "Bentrok dengan posyandu",
                    "created_by_id": 1,
                    "created_at": at("2026-08-20 03:00"),
                    "updated_at": at("2026-08-25 03:00"),
                },
            ],
        ),
        Insert(
            "speaker",
            [
                {
                    "id": 1,
                    "meeting_id": 1,
                    "position": 1,
                    "name": "dr. Andi",
                    "institution": "Puskesmas Putri Ayu",
                    "sector": "pemerintah",
                },
                {
                    "id": 2,
                    "meeting_id": 1,
                    "position": 2,
                    "name": "Ibu Maya",
                    "institution": "PT Pertamina (Persero)",
                    "sector": "BUMN",
                },
            ],
        ),
        Insert(
            "rsvp",
            [
                {
                    "id": 1,
                    "meeting_id": 1,
                    "member_id": 2,
                    "answer": "hadir",
                    "answered_at": at("2026-08-06 01:00"),
                },
                {
                    "id": 2,
                    "meeting_id": 1,
                    "member_id": 3,
                    "answer": "izin",
                    "answered_at": at("2026-08-06 02:00"),
                },
                {
                    "id": 3,
                    "meeting_id": 1,
                    "member_id": 4,
                    "answer": "tidak",
                    "answered_at": at("2026-08-07 02:00"),
                },
                {
                    "id": 4,
                    "meeting_id": 2,
                    "member_id": 2,
                    "answer": "hadir",
                    "answered_at": at("2026-08-21 02:00"),
                },
            ],
        ),
        Insert(
            "broadcast",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "meeting_id": 1,
                    "kind": "announcement",
                    "created_at": at("2026-08-05 03:00"),
                    "finished_at": at("2026-08-05 03:01"),
                },
                {
                    "id": 2,
                    "kampung_id": 1,
                    "meeting_id": 2,
                    "kind": "cancellation",
                    "created_at": at("2026-08-25 03:00"),
                    "finished_at": at("2026-08-25 03:01"),
                },
            ],
        ),
        Insert(
            "delivery",
            [
                {
                    "id": 1,
                    "broadcast_id": 1,
                    "member_id": None,
                    "chat_id": GROUP,
                    "status": "sent",
                    "attempts": 1,
                    "message_id": 501,
                    "last_error": None,
                    "updated_at": at("2026-08-05 03:00"),
                    "sent_at": at("2026-08-05 03:00"),
                },
                {
                    "id": 2,
                    "broadcast_id": 1,
                    "member_id": 2,
                    "chat_id": CADRES[0],
                    "status": "sent",
                    "attempts": 1,
                    "message_id": 77,
                    "last_error": None,
                    "updated_at": at("2026-08-05 03:00"),
                    "sent_at": at("2026-08-05 03:00"),
                },
                {
                    "id": 3,
                    "broadcast_id": 1,
                    "member_id": 4,
                    "chat_id": CADRES[2],
                    "status": "blocked",
                    "attempts": 1,
                    "message_id": None,
                    "last_error": "Forbidden: bot was blocked by the user",
                    "updated_at": at("2026-08-05 03:01"),
                    "sent_at": None,
                },
                {
                    "id": 4,
                    "broadcast_id": 2,
                    "member_id": 2,
                    "chat_id": CADRES[0],
                    "status": "sent",
                    "attempts": 2,
                    "message_id": 90,
                    "last_error": "Timed out",
                    "updated_at": at("2026-08-25 03:01"),
                    "sent_at": at("2026-08-25 03:01"),
                },
            ],
        ),
    ],
    "0003": [
        Update(
            "meeting",
            {"id": 1},
            {
                "attendance_opened_at": at("2026-08-15 01:30"),
                "attendance_closed_at": at("2026-08-15 05:00"),
            },
        ),
        Insert(
            "attendance",
            [
                {
                    "id": 1,
                    "meeting_id": 1,
                    "member_id": 2,
                    "present": True,
                    "source": "self",
                    "marked_by_id": None,
                    "marked_at": at("2026-08-15 02:03"),
                },
                {
                    "id": 2,
                    "meeting_id": 1,
                    "member_id": 4,
                    "present": True,
                    "source": "admin",
                    "marked_by_id": 1,
                    "marked_at": at("2026-08-15 02:10"),
                },
                {
                    "id": 3,
                    "meeting_id": 1,
                    "member_id": 1,
                    "present": True,
                    "source": "self",
                    "marked_by_id": None,
                    "marked_at": at("2026-08-15 01:58"),
                },
            ],
        ),
        Insert(
            "guest",
            [
                {
                    "id": 1,
                    "meeting_id": 1,
                    "name": "Bapak Hendra",
                    "role": "Sekretaris Lurah",
                    "added_by_id": 1,
                    "added_at": at("2026-08-15 02:20"),
                },
                {
                    "id": 2,
                    "meeting_id": 1,
                    "name": "PKK & Karang Taruna",
                    "role": "Tokoh masyarakat",
                    "added_by_id": 1,
                    "added_at": at("2026-08-15 02:21"),
                },
            ],
        ),
    ],
    "0004": [
        Insert(
            "reminder",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "meeting_id": 1,
                    "meeting_starts_at": at("2026-08-15 02:00"),
                    "offset_seconds": 86400,
                    "due_at": at("2026-08-14 02:00"),
                    "status": "sent",
                    "broadcast_id": 1,
                    "created_at": at("2026-08-05 03:00"),
                    "updated_at": at("2026-08-14 02:00"),
                    "finished_at": at("2026-08-14 02:01"),
                },
                {
                    "id": 2,
                    "kampung_id": 1,
                    "meeting_id": 2,
                    "meeting_starts_at": at("2026-09-12 02:00"),
                    "offset_seconds": 604800,
                    "due_at": at("2026-09-05 02:00"),
                    "status": "cancelled",
                    "broadcast_id": None,
                    "created_at": at("2026-08-20 03:00"),
                    "updated_at": at("2026-08-25 03:00"),
                    "finished_at": at("2026-08-25 03:00"),
                },
            ],
        ),
        Insert(
            "quarter_nudge",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "year": 2026,
                    "quarter": 3,
                    "sent_at": at("2026-07-01 01:00"),
                }
            ],
        ),
        Insert(
            # A bot that stopped long ago without releasing the lock (its heartbeat is stale).
            "instance_lock",
            [
                {
                    "name": "bot",
                    "holder": "old-bot-1a2b",
                    "hostname": "kampung-server",
                    "pid": 4242,
                    "acquired_at": at("2026-08-01 00:00"),
                    "heartbeat_at": at("2026-08-30 00:00"),
                }
            ],
        ),
    ],
    "0005": [
        Update(
            "broadcast",
            {"id": 1},
            {
                "text": "<b>Pertemuan Pokja</b> Sabtu, 15 Agustus 2026",
                "markup": {
                    "inline_keyboard": [[{"text": "Hadir", "callback_data": "rsvp:1:hadir"}]]
                },
            },
        ),
        Update("broadcast", {"id": 2}, {"text": "Pertemuan 12 September dibatalkan."}),
    ],
    "0006": [
        Update(
            "broadcast",
            {"id": 1},
            {
                "label": "Pengumuman pertemuan 15 Agustus",
                "report_chat_id": SECRETARY,
                "report_admins": True,
            },
        ),
        Update("kampung", {"id": 1}, {"group_source": "settings"}),
        Insert(
            "broadcast",
            [
                {
                    "id": 3,
                    "kampung_id": 1,
                    "meeting_id": 1,
                    "kind": "reminder",
                    "created_at": at("2026-08-14 02:00"),
                    "finished_at": at("2026-08-14 02:01"),
                    "text": "Pengingat: besok pertemuan Pokja",
                    "markup": None,
                    "label": "Pengingat H-1",
                    "note": "H-1",
                    "not_after": at("2026-08-15 02:00"),
                    "report_chat_id": None,
                    "report_admins": False,
                    "resumed": True,
                }
            ],
        ),
        Insert(
            "delivery",
            [
                {
                    "id": 5,
                    "broadcast_id": 3,
                    "member_id": 5,
                    "chat_id": None,
                    "status": "failed",
                    "attempts": 0,
                    "message_id": None,
                    "last_error": "no chat",
                    "updated_at": at("2026-08-14 02:01"),
                    "sent_at": None,
                }
            ],
        ),
    ],
    "0007": [
        Insert(
            "member",
            # A cadre without Telegram, added by the secretary.
            [_member(7, None, "Mak Ijah", "02", "BKL", consent_at=None)],
        ),
        Insert(
            "member_link",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "member_id": 7,
                    "code_hash": "a" * 64,
                    "created_by_id": 1,
                    "created_at": at("2026-09-01 01:00"),
                    "expires_at": at("2026-09-08 01:00"),
                    "used_at": None,
                }
            ],
        ),
        Update("guest", {"id": 2}, {"removed_at": at("2026-08-15 03:00")}),
    ],
    "0008": [
        Update("kampung", {"id": 1}, {"invite_code": "penyengat-abc123"}),
        Insert(
            "kampung",
            [
                {
                    "id": 2,
                    "name": "Kampung KB Legok",
                    "timezone": "Asia/Jakarta",
                    "rt_order": "01,02",
                    "group_chat_id": None,
                    "created_at": at("2026-09-02 00:00"),
                    "updated_at": at("2026-09-02 00:00"),
                    "group_source": None,
                    "invite_code": "legok-xyz789",
                    "from_settings": False,
                }
            ],
        ),
        Insert(
            "member",
            [
                _member(
                    8,
                    SECRETARY_B,
                    "Ibu Sri Wahyuni",
                    "01",
                    "Pokja",
                    kampung_id=2,
                    role="admin",
                    decided_by_id=None,
                ),
                _member(9, CADRES[0], "Siti Aminah", "01", "BKB", kampung_id=2, decided_by_id=8),
            ],
        ),
        Insert(
            "kampung_admin",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "telegram_id": SECRETARY,
                    "source": "settings",
                    "created_at": at("2026-09-02 00:00"),
                },
                {
                    "id": 2,
                    "kampung_id": 2,
                    "telegram_id": SECRETARY_B,
                    "source": "operator",
                    "created_at": at("2026-09-02 00:05"),
                },
            ],
        ),
        Insert(
            "kampung_choice",
            [
                {"telegram_id": CADRES[0], "kampung_id": 2, "updated_at": at("2026-09-03 00:00")},
                {"telegram_id": SECRETARY_B, "kampung_id": 2, "updated_at": at("2026-09-02 00:05")},
            ],
        ),
    ],
    "0009": [
        Update(
            "broadcast",
            {"id": 1},
            {
                "variants": {"hadir": "Anda: Hadir", "izin": "Anda: Izin"},
                "share": "Pertemuan Pokja Sabtu 15 Agustus 2026",
            },
        ),
        Update("delivery", {"id": 2}, {"variant": "hadir"}),
    ],
    "0010": [
        Update(
            "meeting",
            {"id": 1},
            {
                "roster_taken_at": at("2026-08-15 01:30"),
                "minutes": "Materi stunting; 12 balita ditimbang.",
                "minutes_by_id": 1,
                "minutes_at": at("2026-08-15 06:00"),
            },
        ),
        Insert(
            "roster_member",
            [
                {
                    "id": i,
                    "meeting_id": 1,
                    "member_id": m,
                    "role": role,
                    "rt": rt,
                    "poktan": poktan,
                    "taken_at": at("2026-08-15 01:30"),
                }
                for i, (m, role, rt, poktan) in enumerate(
                    [
                        (1, "admin", "07", "Pokja"),
                        (2, "cadre", "01", "BKB"),
                        (3, "cadre", "02", "BKR"),
                        (4, "cadre", "03", "BKL"),
                    ],
                    start=1,
                )
            ],
        ),
        Insert(
            "meeting_photo",
            [
                {
                    "id": 1,
                    "meeting_id": 1,
                    "file_id": "AgACAgUAAxkBAAIB",
                    "file_unique_id": "AQADq",
                    "path": "data/photos/1/AQADq.jpg",
                    "caption": "Penimbangan balita",
                    "added_by_id": 1,
                    "added_at": at("2026-08-15 03:00"),
                }
            ],
        ),
    ],
    "0011": [
        Insert(
            "minutes_waiting",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "member_id": 1,
                    "file_id": "AgACAgUAAxkBAAIC",
                    "file_unique_id": "AQADr",
                    "caption": "Foto bersama",
                    "text": None,
                    "received_at": at("2026-09-01 04:00"),
                },
                {
                    "id": 2,
                    "kampung_id": 1,
                    "member_id": 1,
                    "file_id": None,
                    "file_unique_id": None,
                    "caption": None,
                    "text": "Notulen: hadir 14 kader",
                    "received_at": at("2026-09-01 04:01"),
                },
            ],
        ),
    ],
    "0012": [
        Insert(
            "secretary_invite",
            [
                {
                    "id": 1,
                    "kampung_id": 2,
                    "code_hash": "b" * 64,
                    "created_by": 7_100_000_099,
                    "created_at": at("2026-09-02 00:00"),
                    "expires_at": at("2026-09-09 00:00"),
                    "used_at": at("2026-09-02 00:05"),
                    "used_by": SECRETARY_B,
                },
                {
                    "id": 2,
                    "kampung_id": 1,
                    "code_hash": "c" * 64,
                    "created_by": 7_100_000_099,
                    "created_at": at("2026-09-03 00:00"),
                    "expires_at": at("2026-09-10 00:00"),
                    "used_at": None,
                    "used_by": None,
                },
            ],
        ),
    ],
    "0013": [
        Update("meeting", {"id": 1}, {"tally_owed_at": at("2026-08-06 02:00")}),
    ],
    "0014": [
        Insert(
            "poktan_group",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "kind": "BKB",
                    "name": "BKB Melati",
                    "rt_order": "01,02",
                    "active": True,
                    "families_consent_at": at("2026-10-01 01:00"),
                    "families_consent_by_id": 2,
                    "created_at": at("2026-10-01 00:00"),
                    "updated_at": at("2026-10-01 01:00"),
                },
                {
                    "id": 2,
                    "kampung_id": 1,
                    "kind": "UPPKA",
                    "name": "UPPKA",
                    "rt_order": "",
                    "active": False,
                    "families_consent_at": None,
                    "families_consent_by_id": None,
                    "created_at": at("2026-10-01 00:00"),
                    "updated_at": at("2026-10-02 00:00"),
                },
            ],
        ),
        Insert(
            "poktan_chair",
            [
                {"group_id": 1, "member_id": 2, "created_at": at("2026-10-01 00:00")},
                {"group_id": 1, "member_id": 3, "created_at": at("2026-10-01 00:01")},
            ],
        ),
        Insert(
            "poktan_family",
            [
                {
                    "id": 1,
                    "group_id": 1,
                    "name": "Ibu Sari",
                    "rt": "01",
                    "details": {"balita": 2},
                    "status": "active",
                    "created_at": at("2026-10-01 01:00"),
                    "updated_at": at("2026-10-01 01:00"),
                    "inactive_since": None,
                    "erased_at": None,
                },
                {
                    "id": 2,
                    "group_id": 1,
                    "name": None,
                    "rt": "02",
                    "details": {},
                    "status": "removed",
                    "created_at": at("2026-10-01 01:00"),
                    "updated_at": at("2026-10-20 01:00"),
                    "inactive_since": None,
                    "erased_at": at("2026-10-20 01:00"),
                },
            ],
        ),
        Insert(
            "poktan_session",
            [
                {
                    "id": 1,
                    "group_id": 1,
                    "status": "held",
                    "held_on": date(2026, 10, 12),
                    "starts_at": None,
                    "place": None,
                    "topic": "Kelompok umur 1–2 tahun",
                    "present_count": None,
                    "speakers": "Bidan Ani (Puskesmas)",
                    "created_by_id": 2,
                    "created_at": at("2026-10-12 05:00"),
                    "updated_at": at("2026-10-12 05:00"),
                },
                {
                    "id": 2,
                    "group_id": 1,
                    "status": "planned",
                    "held_on": date(2026, 11, 9),
                    "starts_at": at("2026-11-09 02:00"),
                    "place": "Posyandu RT 01",
                    "topic": None,
                    "present_count": None,
                    "speakers": None,
                    "created_by_id": 2,
                    "created_at": at("2026-10-20 05:00"),
                    "updated_at": at("2026-10-20 05:00"),
                },
            ],
        ),
        Insert(
            "poktan_presence",
            [{"session_id": 1, "family_id": 1}, {"session_id": 1, "family_id": 2}],
        ),
        Insert(
            "poktan_session_photo",
            [
                {
                    "id": 1,
                    "session_id": 1,
                    "file_id": "AgACAgUAAxkBAAIBZ2",
                    "file_unique_id": "AQADx7ExG",
                    "added_by_id": 2,
                    "added_at": at("2026-10-12 05:10"),
                }
            ],
        ),
        Insert(
            "poktan_month",
            [
                {
                    "id": 1,
                    "group_id": 1,
                    "month": date(2026, 10, 1),
                    "state": "sent",
                    "none_held": False,
                    "compiled_at": at("2026-11-01 00:00"),
                    "prompts_sent": 1,
                    "last_prompt_at": at("2026-11-01 00:00"),
                    "created_at": at("2026-11-01 00:00"),
                    "updated_at": at("2026-11-02 03:00"),
                }
            ],
        ),
        Insert(
            "poktan_submission",
            [
                {
                    "id": 1,
                    "month_id": 1,
                    "version": 1,
                    "none_held": False,
                    "summary": {"sessions": 1, "families": 1, "present": 2},
                    "sent_by_id": 2,
                    "sent_at": at("2026-11-02 03:00"),
                }
            ],
        ),
    ],
    "0015": [
        Insert(
            "kampung_indicator",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "question": "dana",
                    "value": "1,2",
                    "answered_by_id": 1,
                    "answered_at": at("2026-08-20 03:00"),
                    "reminded_at": None,
                },
                {
                    "id": 2,
                    "kampung_id": 1,
                    "question": "pus",
                    "value": "240",
                    "answered_by_id": None,
                    "answered_at": at("2025-08-20 03:00"),
                    "reminded_at": at("2026-08-21 03:00"),
                },
            ],
        ),
    ],
    "0016": [
        Insert(
            "portal_post",
            [
                {
                    "id": 1,
                    "kampung_id": 1,
                    "meeting_id": 1,
                    "poktan_session_id": None,
                    "seksi_id": 3,
                    "kategori_id": 5,
                    "peserta": "6,7",
                    "peserta_confirmed": True,
                    "jenis_post_id": 2,
                    "posted_at": at("2026-08-16 02:00"),
                    "posted_by_id": 1,
                    "created_at": at("2026-08-15 06:00"),
                    "updated_at": at("2026-08-16 02:00"),
                }
            ],
        ),
        Insert(
            "portal_post_photo",
            [
                {
                    "id": 1,
                    "post_id": 1,
                    "meeting_photo_id": 1,
                    "kind": "Kegiatan",
                    "position": 0,
                    "caption": "Penimbangan balita",
                }
            ],
        ),
    ],
    "0017": [
        Insert(
            "poktan_reminder",
            [
                {
                    "id": 1,
                    "session_id": 2,
                    "kind": "day_before",
                    "due_at": at("2026-11-08 09:00"),
                    "status": "sent",
                    "broadcast_id": 1,
                    "created_at": at("2026-10-20 05:00"),
                    "finished_at": at("2026-11-08 09:00"),
                },
                {
                    "id": 2,
                    "session_id": 2,
                    "kind": "soon",
                    "due_at": at("2026-11-09 00:00"),
                    "status": "pending",
                    "broadcast_id": None,
                    "created_at": at("2026-10-20 05:00"),
                    "finished_at": None,
                },
            ],
        ),
    ],
}


FILLS["0018"] = [
    Insert(
        "poktan_notice",
        [
            {
                "id": 1,
                "scope": "kampung:1",
                "kampung_id": 1,
                "month": date(2026, 10, 1),
                "kind": "secretary",
                "sent_at": at("2026-11-03 00:00"),
            },
            {
                "id": 2,
                "scope": "area",
                "kampung_id": None,
                "month": date(2026, 10, 1),
                "kind": "operators",
                "sent_at": at("2026-11-04 00:00"),
            },
        ],
    )
]

FILLS["0019"] = [
    Insert(
        "poktan_card",
        [
            {
                "id": 1,
                "group_id": 1,
                "year": 2025,
                "drafted_at": at("2026-01-01 00:00"),
                "sent_version": 2,
                "sent_at": at("2026-01-03 02:00"),
                "sent_by_id": 2,
                "created_at": at("2026-01-01 00:00"),
                "updated_at": at("2026-01-03 02:00"),
            },
            {
                "id": 2,
                "group_id": 2,
                "year": 2025,
                "drafted_at": None,
                "sent_version": 0,
                "sent_at": None,
                "sent_by_id": None,
                "created_at": at("2026-02-01 00:00"),
                "updated_at": at("2026-02-01 00:00"),
            },
        ],
    ),
    Insert(
        "poktan_card_answer",
        [
            {
                "id": 1,
                "card_id": 1,
                "key": "kader",
                "value": 5,
                "answered_by_id": 2,
                "answered_at": at("2026-01-02 03:00"),
            },
            {
                "id": 2,
                "card_id": 1,
                "key": "tahun_bentuk",
                "value": 2015,
                "answered_by_id": None,
                "answered_at": at("2026-01-03 01:00"),
            },
        ],
    ),
]


# A Poktan session's post (issue 19 with 18): its photo names the session's photo.
FILLS["0020"] = [
    Insert(
        "portal_post",
        [
            {
                "id": 2,
                "kampung_id": 1,
                "meeting_id": None,
                "poktan_session_id": 1,
                "seksi_id": 2,
                "kategori_id": 5,
                "peserta": "6",
                "peserta_confirmed": True,
                "jenis_post_id": 2,
                "posted_at": None,
                "posted_by_id": None,
                "created_at": at("2026-10-12 05:20"),
                "updated_at": at("2026-10-12 05:30"),
            }
        ],
    ),
    Insert(
        "portal_post_photo",
        [
            {
                "id": 2,
                "post_id": 2,
                "meeting_photo_id": None,
                "session_photo_id": 1,
                "kind": "Kegiatan",
                "position": 0,
                "caption": "Kelas BKB Melati",
            }
        ],
    ),
]


REVISIONS = [
    script.revision
    for script in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
]


def _apply(connection: Connection, step: Step) -> None:
    table = Table(step.table, MetaData(), autoload_with=connection)
    if isinstance(step, Insert):
        for row in step.rows:
            connection.execute(table.insert().values(**row))
        return
    where = [table.c[name] == value for name, value in step.key.items()]
    changed = connection.execute(table.update().where(*where).values(**step.values))
    assert changed.rowcount == 1, step


def build_at(connection: Connection, revision: str) -> None:
    """The migrations up to ``revision``, each followed by the rows it introduced."""
    config = alembic_config()
    config.attributes["connection"] = connection
    for step_revision in REVISIONS[: REVISIONS.index(revision) + 1]:
        command.upgrade(config, step_revision)
        for step in FILLS[step_revision]:
            _apply(connection, step)


async def database_at(url: str, revision: str) -> None:
    # As the older release built it: no cascade ran during its own migrations.
    engine = create_migration_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(build_at, revision)
    finally:
        await engine.dispose()


# Four indexes (issue 20): no new table or column, so nothing to fill; the rows of every
# earlier revision are compared after the upgrade as for any other.
FILLS["0021"] = []
