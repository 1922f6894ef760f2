"""What the catalogue tells the layers above it (which subscribe in their
AppConfig), so that they can act on its events without the catalogue knowing them."""

from django.dispatch import Signal

# Sent by services.person_claim_approve and person_claim_reject, inside the same
# transaction: sender=PersonClaim, claim.
claim_reviewed = Signal()

# Sent by the sign-up page once a new account exists: sender=User, user, request.
account_created = Signal()
