"""A local webhook receiver (an HTTP server in a thread), and the signature check
the README shows receivers."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


# The README's example, word for word.
def verify_webhook(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    """True when the delivery is signed with ``secret`` and recent (no replay)."""
    timestamp = headers["Webhook-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    signed = f"{timestamp}.".encode() + body
    expected = "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return any(
        hmac.compare_digest(expected, given)
        for given in headers["Webhook-Signature"].split()
    )


class Receiver:
    """Answers every POST with ``status`` (and ``location``, for a redirect) and
    keeps what it received."""

    def __init__(self, host: str = "127.0.0.1"):
        self.status = 200
        self.location = ""
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(
                    {"path": self.path, "headers": self.headers, "body": body}
                )
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.server.server_port}/hooks/bts"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def payloads(self) -> list[dict]:
        return [json.loads(request["body"]) for request in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
