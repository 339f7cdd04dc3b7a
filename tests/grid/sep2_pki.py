"""TEST HELPERS: certificates for the IEEE 2030.5 test double and its TLS handshakes."""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_certificate(server: bool = False) -> tuple[str, str]:
    """A self-signed certificate and its key, as PEM text: a device's, or the server's on 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "server" if server else "site")])
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    builder = x509.CertificateBuilder()
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
    cert = (
        builder.subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(moment)
        .not_valid_after(moment + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem.decode()


def quiet_refused_handshakes() -> None:
    """A TLS handshake a test server refuses (or the client gives up) is expected, not a bug.

    asyncio reports it to the loop's exception handler (even after the server stopped),
    which the HA test harness turns into a failure; only that one report is dropped, for
    the rest of the test's loop.
    """
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    if getattr(previous, "sep2_double", False):
        return

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        message = str(context.get("message", ""))
        if message.startswith("Error on transport creation for incoming connection") and (
            isinstance(context.get("exception"), ssl.SSLError | ConnectionResetError)
        ):
            return
        if previous is None:
            loop.default_exception_handler(context)
        else:
            previous(loop, context)

    handler.sep2_double = True  # type: ignore[attr-defined]
    loop.set_exception_handler(handler)
