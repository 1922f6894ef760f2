"""How deliveries are signed (in the spirit of the Standard Webhooks spec):
``Webhook-Signature: v1=<hex HMAC-SHA256(secret, f"{timestamp}.{body}")>``."""

import hashlib
import hmac

SIGNATURE_VERSION = "v1"


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def signed_headers(*, secret: str, delivery_id: str, timestamp: int, body: bytes):
    return {
        "Webhook-Id": delivery_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": signature(secret=secret, timestamp=timestamp, body=body),
    }
