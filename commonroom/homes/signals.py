from django.dispatch import Signal

# Sent with ``invitation``, ``membership`` and ``actor`` once someone accepts an invitation, so
# that the apps that asked for it (circle for family, residents for a resident) can link records.
invitation_accepted = Signal()
