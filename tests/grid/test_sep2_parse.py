"""IEEE 2030.5 documents, safe parsing and the limits in force (pure)."""

from __future__ import annotations

import pytest

from custom_components.capacity_manager.grid import sep2
from custom_components.capacity_manager.grid.sep2 import Control, Limits, Sep2Error
from tests.grid.sep2_double import NS, DoubleControl, DoubleProgram, Sep2Double

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


def test_entity_expansion_and_dtds_are_refused_before_parsing() -> None:
    with pytest.raises(Sep2Error, match="DTD"):
        sep2.controls(BOMB)
    # The same bomb in UTF-16: a byte-level look for "<!DOCTYPE" would not see it.
    with pytest.raises(Sep2Error, match="DTD"):
        sep2.controls(
            BOMB.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
        )
    external = f'<!DOCTYPE x SYSTEM "file:///etc/passwd"><DefaultDERControl xmlns="{NS}"/>'
    with pytest.raises(Sep2Error, match="DTD"):
        sep2.default_control(external)
    xxe = (
        '<!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
        f'<Time xmlns="{NS}"><currentTime>&xxe;</currentTime></Time>'
    )
    with pytest.raises(Sep2Error, match="DTD"):
        sep2.current_time(xxe)
    with pytest.raises(Sep2Error, match="well-formed"):
        sep2.controls("<DERControlList><DERControl>")
    with pytest.raises(Sep2Error, match="well-formed"):
        sep2.controls("")
    with pytest.raises(Sep2Error, match="expected"):
        sep2.controls(f'<DERProgramList xmlns="{NS}"/>')
    with pytest.raises(Sep2Error, match="too large"):
        sep2.parse(b" " * (sep2.MAX_BYTES + 1))


def test_the_registration_has_the_schemas_element_order_and_reads_back() -> None:
    body = sep2.end_device_xml("3E4F45AB31EDFE5B67E343E5E4562E31984E23E5", 167261211391, 1.7e9)
    root = sep2.parse(body)
    assert [child.tag for child in root] == [
        f"{{{NS}}}{n}" for n in ("lFDI", "sFDI", "changedTime")
    ]
    device = sep2.end_device(body)
    assert (device.lfdi, device.sfdi) == ("3E4F45AB31EDFE5B67E343E5E4562E31984E23E5", 167261211391)


def test_device_capability_time_and_lists_carry_their_links_and_poll_rates() -> None:
    double = Sep2Double()
    double.poll_rate = 120
    capability = sep2.device_capability(double._document("/dcap") or "")
    assert capability == sep2.Capability("/edev", "/tm", 120.0)
    assert (
        sep2.current_time(f'<Time xmlns="{NS}"><currentTime>1700000000</currentTime></Time>')
        == 1.7e9
    )
    with pytest.raises(Sep2Error, match="currentTime"):
        sep2.current_time(f'<Time xmlns="{NS}"/>')
    fsa, rate = sep2.program_list_links(double._document("/edev/1/fsa") or "")
    assert (fsa, rate) == (["/derp"], sep2.DEFAULT_POLL_S)
    devices, rate = sep2.end_devices(
        f'<EndDeviceList xmlns="{NS}" pollRate="30"><EndDevice href="/edev/9"><lFDI>ab</lFDI>'
        "<sFDI>1</sFDI></EndDevice></EndDeviceList>"
    )
    assert (devices, rate) == ([sep2.EndDevice("/edev/9", "AB", 1, None)], 30.0)
    bad = f'<DERProgramList xmlns="{NS}" pollRate="soon"/>'
    assert sep2.programs(bad)[1] == sep2.DEFAULT_POLL_S


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
