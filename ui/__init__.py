"""What people see: the Indonesian texts, keyboards, date formatting, and the files the
bot sends (recap .xlsx/.csv, attendance sheet PDF, year report chart and workbook, the
cadre guide). Below handlers, scheduler and delivery, which all show things; imports
only ``models`` (and ``telegram`` for keyboards)."""
