"""Signals of the accounts app: later apps react to invitations without accounts
importing them.

``invitation_checking`` is sent before an invitation to a target (a planning process) is
made, with ``target``, ``user`` (the account of the invited e-mail) and ``role``; the owner
of the target raises ValidationError when the user already holds the role.

``invitation_accepted`` is sent inside the acceptance's transaction with ``invitation`` and
``user``: organisation grants the role in the process, the catalogue turns a provider
editor's invitation into a ProviderEditor. A receiver that raises rolls the acceptance back.
"""

from django.dispatch import Signal

invitation_accepted = Signal()
invitation_checking = Signal()
