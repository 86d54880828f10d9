"""The Poktan month's handlers (issue 18): groups and families, sessions, the monthly register."""
