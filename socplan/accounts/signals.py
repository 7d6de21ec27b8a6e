"""Signals of the accounts app.

``invitation_accepted`` lets later apps react to an accepted invitation without accounts
importing them (the catalogue turns a provider editor's invitation into a ProviderEditor).
It is sent inside the acceptance's transaction with ``invitation`` and ``user``; a receiver
that raises rolls the acceptance back.
"""

from django.dispatch import Signal

invitation_accepted = Signal()
