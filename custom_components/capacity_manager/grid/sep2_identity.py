"""The site's IEEE 2030.5 identity: its certificate, key, LFDI and SFDI, and a TLS context.

IEEE 2030.5 names a device by its certificate: the LFDI is the first 160 bits of the SHA-256
of the certificate's DER encoding, the SFDI the first 36 bits of that, in decimal, followed by
a check digit that makes the digits sum to a multiple of ten. Certificates from a utility's PKI
often come with their chain (device, then MICA/MCA), so the first certificate is the site's.
"""

from __future__ import annotations

import hashlib
import os
import re
import ssl
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import aiohttp
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from .sep2 import Sep2Error
from .sep2_client import Sep2Client

CONF_CERTIFICATE: Final = "certificate"  # PEM text or a file path
CONF_PRIVATE_KEY: Final = "private_key"  # PEM text or a file path; not with the header
CONF_FINGERPRINT_HEADER: Final = "fingerprint_header"  # test server behind a TLS proxy
CONF_CA_CERTIFICATE: Final = "ca_certificate"  # optional: the utility's PKI root (PEM or path)

ERROR_INVALID_CERTIFICATE: Final = "invalid_certificate"
ERROR_INVALID_PRIVATE_KEY: Final = "invalid_private_key"
ERROR_INVALID_CA: Final = "invalid_ca_certificate"
_KEY_BLOCK = re.compile(r"-----BEGIN ([A-Z ]*)PRIVATE KEY-----.+?-----END \1PRIVATE KEY-----", re.S)


class CredentialError(Sep2Error):
    """A certificate, key or CA that cannot be used; `field` and `error` name it in the form."""

    def __init__(self, field: str, error: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.error = error


def fingerprint(pem_or_der: bytes | str) -> str:
    """SHA-256 (hex) of a certificate's DER: the first of a PEM chain; raises Sep2Error."""
    try:
        if isinstance(pem_or_der, str):
            cert = x509.load_pem_x509_certificates(pem_or_der.encode())[0]
        else:
            cert = x509.load_der_x509_certificate(pem_or_der)
    except (ValueError, UnicodeEncodeError) as err:
        raise Sep2Error("not a PEM certificate") from err
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def lfdi(sha256_hex: str) -> str:
    """Long-form device identifier: the first 160 bits of the certificate fingerprint."""
    cleaned = sha256_hex.replace(":", "").strip().upper()
    if not re.fullmatch(r"[0-9A-F]{64}", cleaned):
        raise Sep2Error("a SHA-256 fingerprint has 64 hex digits")
    return cleaned[:40]


def sfdi(sha256_hex: str) -> int:
    """Short-form device identifier: the first 36 bits, in decimal, plus a sum-of-digits check."""
    value = int(lfdi(sha256_hex)[:9], 16)
    check = (10 - sum(int(d) for d in str(value)) % 10) % 10
    return value * 10 + check


@dataclass(frozen=True, slots=True)
class Credentials:
    """The site's identity and how it proves it."""

    sha256_hex: str
    ssl_context: ssl.SSLContext | None  # None: the system's trusted roots, no client certificate
    send_fingerprint: bool = False  # the header a TLS-terminating proxy would add

    def client(
        self, session: aiohttp.ClientSession, url: str, clock: Callable[[], float] = time.time
    ) -> Sep2Client:
        """A client that proves this identity."""
        return Sep2Client(
            session,
            url,
            lfdi=self.lfdi,
            sfdi=self.sfdi,
            fingerprint=self.sha256_hex if self.send_fingerprint else None,
            ssl_context=self.ssl_context,
            clock=clock,
        )

    @property
    def lfdi(self) -> str:
        """Long-form device identifier."""
        return lfdi(self.sha256_hex)

    @property
    def sfdi(self) -> int:
        """Short-form device identifier."""
        return sfdi(self.sha256_hex)


def _pem(value: str, field: str, error: str) -> str:
    """PEM text as given, or read from a file path (blocking)."""
    if "-----BEGIN" in value:
        return value.strip() + "\n"
    try:
        return Path(value.strip()).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as err:
        raise CredentialError(field, error, f"cannot read the {field} file: {err}") from err


def _no_password() -> bytes:
    """Refuse an encrypted key instead of letting OpenSSL prompt on a terminal."""
    raise CredentialError(CONF_PRIVATE_KEY, ERROR_INVALID_PRIVATE_KEY, "the key is encrypted")


def _key(data: Mapping[str, Any], cert_pem: str, cert: x509.Certificate) -> str:
    """The key as PEM (from its field, or from the certificate's PEM); it must fit the cert."""
    given = str(data.get(CONF_PRIVATE_KEY) or "").strip()
    if given:
        text = _pem(given, CONF_PRIVATE_KEY, ERROR_INVALID_PRIVATE_KEY)
    elif found := _KEY_BLOCK.search(cert_pem):
        text = found.group(0) + "\n"
    else:
        raise CredentialError(CONF_PRIVATE_KEY, ERROR_INVALID_PRIVATE_KEY, "no private key given")
    try:
        key = serialization.load_pem_private_key(text.encode(), password=None)
    except TypeError as err:  # encrypted
        raise CredentialError(CONF_PRIVATE_KEY, ERROR_INVALID_PRIVATE_KEY, str(err)) from err
    except (ValueError, UnicodeEncodeError) as err:
        raise CredentialError(
            CONF_PRIVATE_KEY, ERROR_INVALID_PRIVATE_KEY, "not a PEM private key"
        ) from err
    if key.public_key() != cert.public_key():
        raise CredentialError(
            CONF_PRIVATE_KEY, ERROR_INVALID_PRIVATE_KEY, "the key does not fit the certificate"
        )
    return text


def load_credentials(data: Mapping[str, Any]) -> Credentials:
    """Read certificate, key and CA; raises CredentialError. Blocking: run it in an executor."""
    cert_pem = _pem(
        str(data.get(CONF_CERTIFICATE) or ""), CONF_CERTIFICATE, ERROR_INVALID_CERTIFICATE
    )
    try:
        chain = x509.load_pem_x509_certificates(cert_pem.encode())
    except (ValueError, UnicodeEncodeError) as err:
        raise CredentialError(
            CONF_CERTIFICATE, ERROR_INVALID_CERTIFICATE, "not a PEM certificate"
        ) from err
    sha = hashlib.sha256(chain[0].public_bytes(serialization.Encoding.DER)).hexdigest()
    context = ssl.create_default_context()
    if ca := str(data.get(CONF_CA_CERTIFICATE) or "").strip():
        try:
            context.load_verify_locations(cadata=_pem(ca, CONF_CA_CERTIFICATE, ERROR_INVALID_CA))
        except (ssl.SSLError, ValueError) as err:
            raise CredentialError(CONF_CA_CERTIFICATE, ERROR_INVALID_CA, str(err)) from err
    if data.get(CONF_FINGERPRINT_HEADER):
        return Credentials(sha, context if ca else None, send_fingerprint=True)
    key = _key(data, cert_pem, chain[0])
    certs = "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in chain)
    with tempfile.TemporaryDirectory() as folder:  # ssl loads keys only from files
        cert_path, key_path = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        Path(cert_path).write_text(certs, encoding="ascii")
        Path(key_path).write_text(key, encoding="ascii")
        try:
            context.load_cert_chain(cert_path, key_path, password=_no_password)
        except (ssl.SSLError, ValueError) as err:
            raise CredentialError(CONF_PRIVATE_KEY, ERROR_INVALID_PRIVATE_KEY, str(err)) from err
    return Credentials(sha, context)
