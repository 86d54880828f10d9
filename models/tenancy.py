"""Which kampung an update belongs to: one bot serves many kampungs.

Resolved once per update (``handlers/tenancy.py`` calls ``resolve_kampung``), from
``models/tenancy_cache.py`` when it can (a member writing again costs no query):

- a group bound to a kampung (``/ikat_grup``, ``GROUP_CHAT_ID``) belongs to it;
- ``/start <code>`` with a kampung's invite code (or a member's one-time link,
  ``link_…``, or a secretary's invitation, ``sek_…``, made for that kampung)
  picks that kampung, and the
  choice is stored (``KampungChoice``): it stays the user's kampung until she
  opens another kampung's link;
- a button carrying a meeting, member, guest or Poktan group id, or a kampung id, pressed in a
  private chat, belongs to that kampung (the handler then checks the presser's
  rights there: a member of another kampung is refused, not served elsewhere);
- a step of an open flow belongs to the kampung the flow started in;
- otherwise the stored choice; otherwise the first kampung she is a member of;
- otherwise, for a newcomer, the only kampung when there is exactly one;
- otherwise none: the user is asked for her kampung's link.

An unbound group follows the user who writes there (so a secretary can bind it).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import CompoundSelect, Integer, bindparam, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from models.attendance import Guest
from models.kampung import (
    SECRETARY_INVITE_PREFIX,
    Kampung,
    KampungChoice,
    count_kampungs,
    find_kampung,
    kampung_by_invite,
    kampung_of_secretary_invite,
    list_kampungs,
)
from models.meeting import Meeting
from models.member import LINK_PREFIX, Member, MemberRole, MemberStatus, kampung_of_link
from models.poktan.groups import PoktanGroup
from models.tenancy_cache import KampungRef, UserTenancy, cache_of, generation_of

__all__ = ["KampungRef", "Resolution", "Via", "resolve_kampung"]


class Via(enum.StrEnum):
    """How the kampung of an update was found (for the tests and the logs)."""

    GROUP = "group"
    INVITE = "invite"
    BUTTON = "button"
    FLOW = "flow"
    CHOICE = "choice"
    MEMBERSHIP = "membership"
    ONLY = "only"
    NONE = "none"


@dataclass(frozen=True)
class Resolution:
    kampung: KampungRef | None
    via: Via
    bad_invite: bool = False  # ``/start <code>`` with a code no kampung has


async def memberships(session: AsyncSession, telegram_id: int) -> list[int]:
    """The kampungs this Telegram user is a (not erased) member of, first joined first."""
    return list((await user_tenancy(session, telegram_id)).memberships)


def _choice_and_memberships() -> CompoundSelect:
    """One statement: her choice (kind 0, at most one row), then her memberships (kind 1);
    of the tables' own columns, a Core statement (see ``models/rsvp.py``)."""
    choices, members = KampungChoice.__table__.c, Member.__table__.c
    choice = select(
        literal_column("0", Integer).label("kind"),
        choices.kampung_id.label("kampung_id"),
        literal_column("0", Integer).label("ord"),
    ).where(choices.telegram_id == bindparam("telegram_id"))
    joined = select(literal_column("1", Integer), members.kampung_id, members.id).where(
        members.telegram_id == bindparam("telegram_id"), members.status != MemberStatus.LEFT
    )
    both = union_all(choice, joined)
    return both.order_by(both.selected_columns.kind, both.selected_columns.ord)


# Built once: every cadre's first update after a start runs it (issue 20).
_CHOICE_AND_MEMBERSHIPS = _choice_and_memberships()


async def user_tenancy(session: AsyncSession, telegram_id: int) -> UserTenancy:
    """Her stored choice and memberships: from the cache, else one query (then cached)."""
    cache = cache_of(session)
    known = cache.users.get(telegram_id)
    if known is not None:
        return known
    rows = (await session.execute(_CHOICE_AND_MEMBERSHIPS, {"telegram_id": telegram_id})).all()
    chosen = next((kampung for kind, kampung, _ in rows if kind == 0), None)
    found = UserTenancy(chosen, tuple(kampung for kind, kampung, _ in rows if kind == 1))
    cache.store_user(generation_of(session), telegram_id, found)
    return found


async def kampung_ref(session: AsyncSession, kampung_id: int) -> KampungRef | None:
    """The kampung's name and time zone: from the cache, else one query (then cached)."""
    cache = cache_of(session)
    known = cache.kampungs.get(kampung_id)
    if known is not None:
        return known
    kampung = await find_kampung(session, kampung_id)
    if kampung is None:
        return None
    found = KampungRef.of(kampung)
    cache.store_kampung(generation_of(session), found)
    return found


async def kampung_of_group(session: AsyncSession, chat_id: int) -> int | None:
    """The kampung a group chat is bound to (cached, the unbound too)."""
    cache = cache_of(session)
    if chat_id in cache.groups:
        return cache.groups[chat_id]
    bound = await session.scalar(select(Kampung.id).where(Kampung.group_chat_id == chat_id))
    cache.store_group(generation_of(session), chat_id, bound)
    return bound


async def secretary_kampungs(session: AsyncSession, telegram_id: int) -> list[Kampung]:
    """The kampungs this Telegram user is an active secretary (admin) of, by name."""
    rows = await session.scalars(
        select(Kampung)
        .join(Member, Member.kampung_id == Kampung.id)
        .where(
            Member.telegram_id == telegram_id,
            Member.role == MemberRole.ADMIN,
            Member.status == MemberStatus.ACTIVE,
        )
        .order_by(Kampung.name)
    )
    return list(rows)


async def resolve_kampung(
    session: AsyncSession,
    *,
    telegram_id: int | None,
    chat_id: int | None,
    group: bool,
    invite_code: str | None,
    button_kampung: int | None = None,
    flow_kampung: int | None = None,
) -> Resolution:
    """The kampung of one update (see the module docstring); reads only.

    A kampung found ``Via.INVITE`` is the user's choice from now on: the caller
    stores it (``remember_choice``) in a transaction of its own.
    """
    if group and chat_id is not None:
        bound = await kampung_of_group(session, chat_id)
        bound_ref = None if bound is None else await kampung_ref(session, bound)
        if bound_ref is not None:
            return Resolution(bound_ref, Via.GROUP)
    bad_invite = False
    if invite_code and not group and telegram_id is not None:
        if invite_code.startswith((LINK_PREFIX, SECRETARY_INVITE_PREFIX)):
            # A member's one-time link (models/member.py) or a secretary's invitation
            # names its kampung too; the registration handler then checks the code.
            linked = await (
                kampung_of_link(session, invite_code)
                if invite_code.startswith(LINK_PREFIX)
                else kampung_of_secretary_invite(session, invite_code)
            )
            invited = None if linked is None else await find_kampung(session, linked)
        else:
            invited = await kampung_by_invite(session, invite_code)
        if invited is not None:
            return Resolution(KampungRef.of(invited), Via.INVITE)
        bad_invite = True
    # A button acts in the kampung it was made for, whichever kampung she chose last;
    # a flow goes on in the kampung it started in.
    for made_for, via in ((button_kampung, Via.BUTTON), (flow_kampung, Via.FLOW)):
        if made_for is not None and telegram_id is not None and not group:
            kampung = await kampung_ref(session, made_for)
            if kampung is not None:
                return Resolution(kampung, via, bad_invite)
    if telegram_id is not None:
        user = await user_tenancy(session, telegram_id)
        if user.chosen is not None:
            kampung = await kampung_ref(session, user.chosen)
            if kampung is not None:
                return Resolution(kampung, Via.CHOICE, bad_invite)
        if user.memberships:
            kampung = await kampung_ref(session, user.memberships[0])
            if kampung is not None:
                return Resolution(kampung, Via.MEMBERSHIP, bad_invite)
    if await count_kampungs(session) == 1:
        [only] = await list_kampungs(session)
        return Resolution(KampungRef.of(only), Via.ONLY, bad_invite)
    return Resolution(None, Via.NONE, bad_invite)


async def kampung_of_meeting(session: AsyncSession, meeting_id: int) -> int | None:
    """The meeting's kampung (cached: a meeting never moves; a deleted one is forgotten)."""
    cache = cache_of(session)
    known = cache.meetings.get(meeting_id)
    if known is not None:
        return known
    found = await session.scalar(select(Meeting.kampung_id).where(Meeting.id == meeting_id))
    if found is not None:
        cache.store_meeting(generation_of(session), meeting_id, found)
    return found


async def kampung_of_member(session: AsyncSession, member_id: int) -> int | None:
    return await session.scalar(select(Member.kampung_id).where(Member.id == member_id))


async def kampung_of_poktan_group(session: AsyncSession, group_id: int) -> int | None:
    return await session.scalar(select(PoktanGroup.kampung_id).where(PoktanGroup.id == group_id))


async def kampung_of_guest(session: AsyncSession, guest_id: int) -> int | None:
    return await session.scalar(
        select(Meeting.kampung_id)
        .join(Guest, Guest.meeting_id == Meeting.id)
        .where(Guest.id == guest_id)
    )
