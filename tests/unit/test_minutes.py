"""Minutes are trimmed and bounded; photo copies stay inside their meeting's folder."""

from pathlib import Path

from models.minutes import MINUTES_MAX_LENGTH, clean_minutes, photo_relative_path


def test_minutes_are_trimmed_and_bounded():
    assert clean_minutes("  Hasil rapat\nTindak lanjut  ") == "Hasil rapat\nTindak lanjut"
    assert clean_minutes("   ") is None
    assert clean_minutes("\u202eHasil\u200b rapat\u2069") == "Hasil rapat"
    assert clean_minutes("\u200b\ufeff") is None
    assert clean_minutes("x" * MINUTES_MAX_LENGTH) == "x" * MINUTES_MAX_LENGTH
    assert clean_minutes("x" * (MINUTES_MAX_LENGTH + 1)) is None


def test_photo_paths_cannot_leave_the_meeting_folder():
    assert photo_relative_path(1, 7, "AQADx-_9") == Path("1/7/AQADx-_9.jpg")
    forged = photo_relative_path(1, 7, "../../etc/passwd")
    assert forged.parent == Path("1/7") and ".." not in forged.parts
    assert photo_relative_path(2, 3, "") == Path("2/3/photo.jpg")
