"""Date and number formats of the interface (settings.FORMAT_MODULE_PATH), over Django's.

Czech: one date format in the interface, "6. 12. 2026" (SHORT_DATE_FORMAT, with the time
SHORT_DATETIME_FORMAT "6. 12. 2026 14:30"), and one long format, "6. prosince 2026"
(DATE_FORMAT), for documents, e-mails and sentences. Templates name these formats, never a
pattern of their own. Years are not numbers to format: render them with ``|stringformat:"d"``
(a year through ``localize`` reads "2 026").
"""
