"""IEEE 2030.5 documents, safe parsing, the limits in force, and LFDI/SFDI (pure)."""

from __future__ import annotations

import hashlib
import ssl

import pytest

from custom_components.capacity_manager.grid import sep2
from custom_components.capacity_manager.grid.sep2 import Control, Limits, Sep2Error
from tests.grid.sep2_double import NS, DoubleControl, DoubleProgram, Sep2Double, make_certificate

BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    f'<DERControlList xmlns="{NS}"><DERControl><mRID>&lol3;</mRID></DERControl></DERControlList>'
)


def doc(path: str, *programs: DoubleProgram) -> str:
    """A document as the test double writes it."""
    double = Sep2Double()
    double.programs = list(programs)
    text = double._document(path)  # its renderer; no server needed
    assert text is not None
    return text


def test_the_standards_example_lfdi_gives_its_sfdi() -> None:
    # IEEE 2030.5's worked example: this LFDI has the SFDI 167261211391.
    sha = "3E4F45AB31EDFE5B67E343E5E4562E31984E23E5" + "0" * 24
    assert sep2.lfdi(sha) == "3E4F45AB31EDFE5B67E343E5E4562E31984E23E5"
    assert sep2.sfdi(sha) == 167261211391


def test_lfdi_comes_from_the_certificate_fingerprint() -> None:
    cert_pem, _key = make_certificate()
    der = ssl.PEM_cert_to_DER_cert(cert_pem)
    sha = sep2.fingerprint(cert_pem)
    assert sha == hashlib.sha256(der).hexdigest()
    assert sep2.lfdi(sha) == sha[:40].upper()
    sfdi = sep2.sfdi(sha)
    assert sfdi // 10 == int(sha[:9], 16)
    assert sum(int(d) for d in str(sfdi)) % 10 == 0  # the check digit


def test_not_a_certificate_or_fingerprint_is_refused() -> None:
    with pytest.raises(Sep2Error):
        sep2.fingerprint("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----")
    with pytest.raises(Sep2Error):
        sep2.lfdi("abc")


def test_entity_expansion_and_dtds_are_refused_before_parsing() -> None:
    with pytest.raises(Sep2Error, match="DTD"):
        sep2.controls(BOMB)
    external = f'<!DOCTYPE x SYSTEM "file:///etc/passwd"><DefaultDERControl xmlns="{NS}"/>'
    with pytest.raises(Sep2Error, match="DTD"):
        sep2.default_control(external)
    with pytest.raises(Sep2Error, match="well-formed"):
        sep2.controls("<DERControlList><DERControl>")
    with pytest.raises(Sep2Error, match="expected"):
        sep2.controls(f'<DERProgramList xmlns="{NS}"/>')


def test_power_is_value_times_ten_to_the_multiplier() -> None:
    program = DoubleProgram("P1", 1, default=((5, 3), (0, 0)))
    assert sep2.default_control(doc("/derp/P1/dderc", program)) == Limits(5000.0, 0.0)
    program.controls = [DoubleControl("C1", 100, 1800, import_w=(70, 2), export_w=(15000, -1))]
    [control] = sep2.controls(doc("/derp/P1/derc", program), primacy=1)
    assert control.limits == Limits(7000.0, 1500.0)
    assert (control.start, control.end, control.primacy) == (100.0, 1900.0, 1)


def test_a_control_sets_only_what_it_names() -> None:
    program = DoubleProgram("P1", 1, controls=[DoubleControl("C1", 0, 60, export_w=(0, 0))])
    [control] = sep2.controls(doc("/derp/P1/derc", program))
    assert control.limits == Limits(None, 0.0)


def test_cancelled_and_superseded_controls_are_left_out() -> None:
    program = DoubleProgram(
        "P1",
        1,
        controls=[
            DoubleControl("live", 0, 60, import_w=(1, 3)),
            DoubleControl("cancelled", 0, 60, import_w=(2, 3), status=2),
            DoubleControl("superseded", 0, 60, import_w=(3, 3), status=4),
        ],
    )
    assert [c.mrid for c in sep2.controls(doc("/derp/P1/derc", program))] == ["live"]


def test_bad_numbers_are_refused() -> None:
    program = DoubleProgram("P1", 1, default=((5, 30), None))
    with pytest.raises(Sep2Error, match="multiplier"):
        sep2.default_control(doc("/derp/P1/dderc", program))
    program.default = ((-5, 0), None)
    with pytest.raises(Sep2Error, match="negative"):
        sep2.default_control(doc("/derp/P1/dderc", program))
    bad = doc("/derp/P1/dderc", program).replace("<value>-5</value>", "<value>lots</value>")
    with pytest.raises(Sep2Error, match="integer"):
        sep2.default_control(bad)


def test_programs_come_by_primacy_with_the_poll_rate() -> None:
    text = doc("/derp", DoubleProgram("low", 5), DoubleProgram("high", 0))
    found, rate = sep2.programs(text.replace('pollRate="60"', 'pollRate="300"'))
    assert [p.mrid for p in found] == ["high", "low"]
    assert found[0].controls_href == "/derp/high/derc"
    assert rate == 300.0
    assert sep2.programs(f'<DERProgramList xmlns="{NS}"/>')[1] == sep2.DEFAULT_POLL_S


def control(mrid: str, start: float, end: float, primacy: int, **limits: float) -> Control:
    return Control(mrid, Limits(**limits), start, end, 0.0, primacy)


def test_in_force_takes_each_limit_from_the_highest_precedence_control_that_sets_it() -> None:
    live = [
        control("wide", 0, 3600, primacy=2, import_w=3000, export_w=1000),
        control("urgent", 600, 1200, primacy=1, import_w=6000),
    ]
    defaults = [Limits(5000, 0)]
    assert sep2.in_force(100, live, defaults) == (Limits(3000, 1000), 600)
    assert sep2.in_force(700, live, defaults) == (Limits(6000, 1000), 1200)
    assert sep2.in_force(1200, live, defaults) == (Limits(3000, 1000), 3600)
    assert sep2.in_force(3600, live, defaults) == (Limits(5000, 0), None)
    assert sep2.in_force(3600, [], []) == (Limits(None, None), None)  # nothing known: no limit


def test_the_newest_of_overlapping_controls_in_one_program_wins() -> None:
    old = Control("old", Limits(2000), 0, 100, creation=1.0, primacy=1)
    new = Control("new", Limits(4000), 0, 100, creation=2.0, primacy=1)
    assert sep2.in_force(50, [old, new], [])[0].import_w == 4000
