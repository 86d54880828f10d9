"""The Poktan month (issue 18): groups and their chairs, member families, sessions, and
the monthly register each group hands to the PKB.

- ``kinds``: the five kinds of group and what a member family of each kind records.
- ``groups``: a kampung's groups (``PoktanGroup``) and their one or two chairs.
- ``families``: the member families a chair keeps (they have no Telegram).
- ``sessions``: the sessions a group held or plans, who came, photos.
- ``months``: a group's month (compiled, asked, sent) and every version it sent.

Import the module you need (``from models.poktan import groups``); this package's
``__init__`` only documents.
"""
