"""The Kampung KB portal's activity post (issue 19, part 1; docs/portal.md §1).

- ``lists``: the portal's own lists (Seksi, Kategori, Peserta, Instansi, Jenis Post), as data.
- ``prefill``: what the bot fills in by itself from an activity's facts (pure functions).
- ``posts``: the secretary's answers, the photos of the post, "Sudah diposting".

Import the module you need; this package's ``__init__`` only documents.
"""
