"""English formats: Django's, with dates that read the same on both sides of the Atlantic:
the short "6 Dec 2026" (never "12/06/2026", which a Czech reader takes for 12 June) and the
long "6 December 2026"; 24-hour time as in the Czech interface."""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"  # 6 December 2026
DATETIME_FORMAT = "j F Y, H:i"  # 6 December 2026, 14:30
SHORT_DATE_FORMAT = "j M Y"  # 6 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 6 Dec 2026, 14:30
MONTH_DAY_FORMAT = "j F"  # 6 December
