"""Button labels shared by registration, the profile and approval."""

from __future__ import annotations

BTN_AGREE = "✅ Setuju"
BTN_DISAGREE = "Tidak"
BTN_CORRECT = "✅ Benar"
BTN_REDO = "🔁 Ulangi"
BTN_APPROVE = "✅ Setujui"
BTN_REJECT = "❌ Tolak"
BTN_OPEN_PRIVATE = "💬 Buka chat dengan bot"
BTN_EDIT_NAME = "✏️ Ubah nama"
BTN_EDIT_RT = "🏠 Ubah RT"
BTN_EDIT_POKTAN = "👥 Ubah Poktan"
BTN_DONE = "Selesai"
BTN_ERASE_CONFIRM = "🗑 Ya, hapus data saya"
BTN_ERASE_CANCEL = "Batal"
