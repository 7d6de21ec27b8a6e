"""Czech formats: Django's, with the interface's short date "6. 12. 2026" (ČSN 01 6910)."""

from django.conf.locale.cs.formats import *  # noqa: F403

DATE_FORMAT = "j. E Y"  # 6. prosince 2026
DATETIME_FORMAT = "j. E Y G:i"  # 6. prosince 2026 14:30
SHORT_DATE_FORMAT = "j. n. Y"  # 6. 12. 2026
SHORT_DATETIME_FORMAT = "j. n. Y G:i"  # 6. 12. 2026 14:30
