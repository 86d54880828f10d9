"""Domain layer: SQLAlchemy models and the rules and queries that belong to them.

Nothing in this package imports ``telegram`` or ``handlers``: the domain is
testable without a bot.
"""

from models.attendance import Attendance, Guest, RosterMember
from models.base import Base
from models.broadcast import Broadcast, Delivery
from models.classification.store import KampungIndicator
from models.instance import InstanceLock
from models.kampung import Kampung, KampungAdmin, KampungChoice, SecretaryInvite
from models.meeting import Meeting, Rsvp, Speaker
from models.member import Member, MemberLink, MemberRole, MemberStatus, Poktan
from models.minutes import MeetingPhoto, MinutesWaiting
from models.poktan.families import PoktanFamily
from models.poktan.groups import PoktanChair, PoktanGroup
from models.poktan.k0 import PoktanCard, PoktanCardAnswer
from models.poktan.monthly import PoktanNotice
from models.poktan.months import PoktanMonth, PoktanSubmission
from models.poktan.reminders import PoktanReminder
from models.poktan.sessions import PoktanPresence, PoktanSession, PoktanSessionPhoto
from models.portal.posts import PortalPost, PortalPostPhoto
from models.reminder import QuarterNudge, Reminder

__all__ = [
    "Attendance",
    "Base",
    "Broadcast",
    "Delivery",
    "Guest",
    "InstanceLock",
    "Kampung",
    "KampungAdmin",
    "KampungChoice",
    "KampungIndicator",
    "Meeting",
    "MeetingPhoto",
    "Member",
    "MemberLink",
    "MemberRole",
    "MemberStatus",
    "MinutesWaiting",
    "Poktan",
    "PoktanCard",
    "PoktanCardAnswer",
    "PoktanChair",
    "PoktanFamily",
    "PoktanGroup",
    "PoktanMonth",
    "PoktanNotice",
    "PoktanPresence",
    "PoktanReminder",
    "PoktanSession",
    "PoktanSessionPhoto",
    "PoktanSubmission",
    "PortalPost",
    "PortalPostPhoto",
    "QuarterNudge",
    "Reminder",
    "RosterMember",
    "Rsvp",
    "SecretaryInvite",
    "Speaker",
]
