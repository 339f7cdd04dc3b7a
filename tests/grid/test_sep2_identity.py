"""The site's IEEE 2030.5 identity: LFDI/SFDI from its certificate, and the key that proves it."""

from __future__ import annotations

import hashlib
import ssl
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from custom_components.capacity_manager.grid import sep2_identity as identity
from custom_components.capacity_manager.grid.sep2 import Sep2Error
from custom_components.capacity_manager.grid.sep2_identity import CredentialError, load_credentials
from tests.grid.sep2_double import make_certificate

CERT, KEY = make_certificate()
OTHER_CERT, OTHER_KEY = make_certificate()


def test_the_standards_example_lfdi_gives_its_sfdi() -> None:
    # IEEE 2030.5's worked example: this LFDI has the SFDI 167261211391.
    sha = "3E4F45AB31EDFE5B67E343E5E4562E31984E23E5" + "0" * 24
    assert identity.lfdi(sha) == "3E4F45AB31EDFE5B67E343E5E4562E31984E23E5"
    assert identity.sfdi(sha) == 167261211391


def test_lfdi_comes_from_the_certificate_fingerprint() -> None:
    der = ssl.PEM_cert_to_DER_cert(CERT)
    sha = identity.fingerprint(CERT)
    assert sha == hashlib.sha256(der).hexdigest() == identity.fingerprint(der)
    assert identity.lfdi(sha) == sha[:40].upper()
    sfdi = identity.sfdi(sha)
    assert sfdi // 10 == int(sha[:9], 16)
    assert sum(int(d) for d in str(sfdi)) % 10 == 0  # the check digit


def test_in_a_chain_or_an_openssl_export_the_sites_own_certificate_counts() -> None:
    own = identity.fingerprint(CERT)
    assert identity.fingerprint(CERT + OTHER_CERT) == own  # device first, then its CA
    exported = f"Bag Attributes\n    localKeyID: 01 02\nsubject=CN = site\n{CERT}"
    assert identity.fingerprint(exported) == own
    assert load_credentials({"certificate": exported + OTHER_CERT, "private_key": KEY}).lfdi == (
        identity.lfdi(own)
    )


def test_not_a_certificate_or_fingerprint_is_refused() -> None:
    with pytest.raises(Sep2Error):
        identity.fingerprint("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----")
    with pytest.raises(Sep2Error):
        identity.fingerprint(b"\x30\x03garbage")
    with pytest.raises(Sep2Error):
        identity.lfdi("abc")


def test_the_key_may_sit_in_the_certificates_pem_or_in_a_file(tmp_path: Path) -> None:
    assert load_credentials({"certificate": CERT + KEY}).ssl_context is not None
    key_file = tmp_path / "site.key"
    key_file.write_text(KEY)
    assert load_credentials({"certificate": CERT, "private_key": str(key_file)}).lfdi == (
        identity.lfdi(identity.fingerprint(CERT))
    )


def _refused(data: dict[str, str]) -> tuple[str, str]:
    with pytest.raises(CredentialError) as caught:
        load_credentials(data)
    return caught.value.field, caught.value.error


def test_each_unusable_part_is_refused_on_its_own_field(tmp_path: Path) -> None:
    key = serialization.load_pem_private_key(KEY.encode(), password=None)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    ).decode()
    bad_key = ("private_key", "invalid_private_key")
    # An encrypted key is refused at once (OpenSSL would otherwise ask for a passphrase).
    assert _refused({"certificate": CERT, "private_key": encrypted}) == bad_key
    assert _refused({"certificate": CERT, "private_key": OTHER_KEY}) == bad_key
    assert _refused({"certificate": CERT}) == bad_key
    assert _refused({"certificate": CERT, "private_key": "-----BEGIN PRIVATE KEY-----\nx\n"}) == (
        bad_key
    )
    assert _refused({"certificate": CERT, "private_key": str(tmp_path / "missing.key")}) == bad_key
    assert _refused({"certificate": "not a certificate"}) == ("certificate", "invalid_certificate")
    assert _refused({"certificate": str(tmp_path)}) == ("certificate", "invalid_certificate")
    bad_ca = {"certificate": CERT, "private_key": KEY, "ca_certificate": "-----BEGIN junk"}
    assert _refused(bad_ca) == ("ca_certificate", "invalid_ca_certificate")


def test_behind_a_test_proxy_no_key_is_needed_and_the_ca_is_kept() -> None:
    creds = load_credentials({"certificate": CERT, "fingerprint_header": True})
    assert creds.send_fingerprint
    assert creds.ssl_context is None  # the system's roots
    with_ca = load_credentials(
        {"certificate": CERT, "fingerprint_header": True, "ca_certificate": OTHER_CERT}
    )
    assert with_ca.ssl_context is not None
