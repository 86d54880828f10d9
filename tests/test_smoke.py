from tests.conftest import ADMIN


async def test_start_shows_consent(bot):
    await bot.send(ADMIN, "/start")
    assert "Setuju?" in bot.last_text(ADMIN)
