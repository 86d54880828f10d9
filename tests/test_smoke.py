from tests.conftest import ADMIN


async def test_start_shows_consent(bot):
    await bot.send(ADMIN, "/start")
    assert "Apakah Anda setuju" in bot.last_text(ADMIN)
