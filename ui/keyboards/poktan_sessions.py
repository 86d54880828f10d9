"""Callback prefixes of a Poktan group's sessions (ui/poktan_session_keys.py builds the
keyboards, handlers/poktan/ handles the presses)."""

# --- Poktan sessions (handlers/poktan/sessions.py) ---------------------------------
# Buttons about a group carry its id first: the resolver reads the group's kampung from
# it, and the handler checks that the presser chairs that group (or is its secretary).
CB_PKS_NEW = "pks:new:"  # + group id: record a held session ("Catat pertemuan")
CB_PKS_PLAN = "pks:plan:"  # + group id: plan one ahead ("Rencanakan pertemuan")
CB_PKS_LIST = "pks:list:"  # + group id: this month's and last month's ("Riwayat")
CB_PKS_VIEW = "pks:view:"  # pks:view:<group id>:<session id>
CB_PKS_EDIT = "pks:ed:"  # pks:ed:<group id>:<session id>:<day|topic|roll|spk|photo>
CB_PKS_DELETE = "pks:del:"  # pks:del:<group id>:<session id> (asks first)
CB_PKS_DELETE_YES = "pks:delok:"  # pks:delok:<group id>:<session id>
CB_PKS_COMPLETE = "pks:done:"  # pks:done:<group id>:<session id>: a planned one took place
# Steps of the session flow (the group is in the flow's draft).
CB_PKS_DAY = "pks:day:"  # + days ago: 0 today, 1 yesterday
CB_PKS_TOPIC = "pks:topic:"  # + index into the kind's USUAL_TOPICS
CB_PKS_TOGGLE = "pks:tg:"  # pks:tg:<family id>
CB_PKS_PAGE = "pks:pg:"  # + roll page
CB_PKS_ALL = "pks:all:"  # + roll page: everyone on it present (or, if they are, nobody)
CB_PKS_COUNT = "pks:count"
CB_PKS_ROLL_DONE = "pks:rolldone"
CB_PKS_SKIP = "pks:skip"
CB_PKS_PHOTOS_DONE = "pks:photodone"
CB_PKS_SAVE = "pks:save"
CB_PKS_ABORT = "pks:abort"
CB_PKS_KEEP = "pks:keep:"  # + group id: "Tidak" at a deletion, nothing changes
