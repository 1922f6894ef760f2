"""What this layer tells the layers above it (which subscribe in their AppConfig),
so that they can act on a post's life without this layer knowing them."""

from django.dispatch import Signal

# Sent by services.post_transition once a post's status has changed, inside the
# same transaction: sender=Post, post, from_status, to_status, actor, note.
post_status_changed = Signal()
