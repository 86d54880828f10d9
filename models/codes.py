"""Single-use codes carried in ``t.me/<bot>?start=<code>`` links.

A code is unguessable (``secrets``) and only its hash is stored: the code itself
exists in the link alone, so a copy of the database cannot be used to join.
"""

from __future__ import annotations

import hashlib
import secrets


def new_code(prefix: str) -> str:
    """A fresh code: ``prefix`` plus 24 URL-safe characters (144 random bits)."""
    return prefix + secrets.token_urlsafe(18)


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
