"""Sensors of a Modbus meter on the panel device: total power, and per phase W, A and V.

Created for what the meter gives (known from the first read at setup): per-phase power only on
a multi-phase meter, currents and voltages where it has them. They follow the meter's polls, not
the engine's steps, and are unavailable while it does not answer. The engine gets the same
readings directly from the poll (site_meter.py); these entities are for people and history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfElectricCurrent, UnitOfElectricPotential, UnitOfPower
from homeassistant.core import callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import CapacityCoordinator
from .entity import CapacityEntity
from .site_meter import MeterSource
from .sources.modbus import MeterReading

if TYPE_CHECKING:
    from . import CapacityManagerConfigEntry


@dataclass(frozen=True, kw_only=True)
class MeterSensorDescription(SensorEntityDescription):
    """One value of a meter reading (None when the meter does not give it)."""

    value_fn: Callable[[MeterReading], float | None]
    digits: int  # the state is rounded to this many decimals (noise is not a change)


type _Values = Callable[[MeterReading], tuple[float, ...] | None]


def _phase_w(reading: MeterReading) -> tuple[float, ...] | None:
    return reading.phase_w


def _phase_a(reading: MeterReading) -> tuple[float, ...] | None:
    return reading.phase_a


def _phase_v(reading: MeterReading) -> tuple[float, ...] | None:
    return reading.phase_v


def _phase(values_of: _Values, index: int, reading: MeterReading) -> float | None:
    values = values_of(reading)
    return None if values is None or index >= len(values) else values[index]


_KINDS: dict[str, tuple[SensorDeviceClass, str, int, int, _Values]] = {
    # translation key: (device class, unit, rounding, display precision, the values)
    "meter_phase_power": (
        SensorDeviceClass.POWER,
        UnitOfPower.WATT,
        1,
        0,
        _phase_w,
    ),
    "meter_phase_current": (
        SensorDeviceClass.CURRENT,
        UnitOfElectricCurrent.AMPERE,
        3,
        1,
        _phase_a,
    ),
    "meter_phase_voltage": (
        SensorDeviceClass.VOLTAGE,
        UnitOfElectricPotential.VOLT,
        1,
        0,
        _phase_v,
    ),
}


def meter_descriptions(reading: MeterReading) -> list[MeterSensorDescription]:
    """The sensors a meter giving `reading` gets."""
    descriptions = [
        MeterSensorDescription(
            key="meter_power",
            translation_key="meter_power",
            device_class=SensorDeviceClass.POWER,
            native_unit_of_measurement=UnitOfPower.WATT,
            state_class=SensorStateClass.MEASUREMENT,
            suggested_display_precision=0,
            value_fn=lambda r: r.total_w,
            digits=1,
        )
    ]
    for key, (device_class, unit, digits, precision, values_of) in _KINDS.items():
        values = values_of(reading)
        if values is None or (key == "meter_phase_power" and len(values) < 2):
            continue  # one phase: its power is the total
        short = key.removeprefix("meter_phase_")
        descriptions.extend(
            MeterSensorDescription(
                key=f"meter_{short}_l{index + 1}",
                translation_key=key,
                translation_placeholders={"phase": str(index + 1)},
                device_class=device_class,
                native_unit_of_measurement=unit,
                state_class=SensorStateClass.MEASUREMENT,
                suggested_display_precision=precision,
                value_fn=partial(_phase, values_of, index),
                digits=digits,
            )
            for index in range(len(values))
        )
    return descriptions


@callback
def async_add_meter_sensors(
    entry: CapacityManagerConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the meter's sensors when the site reads a Modbus meter."""
    coordinator = entry.runtime_data.coordinator
    source = coordinator.source
    if not isinstance(source, MeterSource) or source.reading is None:
        return
    async_add_entities(
        MeterSensor(coordinator, source, description)
        for description in meter_descriptions(source.reading)
    )


class MeterSensor(CapacityEntity, SensorEntity):
    """One value of the site's Modbus meter."""

    entity_description: MeterSensorDescription

    def __init__(
        self,
        coordinator: CapacityCoordinator,
        source: MeterSource,
        description: MeterSensorDescription,
    ) -> None:
        super().__init__(coordinator, description.key)
        self.entity_description = description
        self._attr_translation_key = description.translation_key
        self._source = source
        self._shown: tuple[bool, float | None] | None = None

    async def async_added_to_hass(self) -> None:
        """Follow the meter's polls."""
        await super().async_added_to_hass()
        self.async_on_remove(self._source.async_add_listener(self._on_poll))

    def _value(self) -> float | None:
        reading = self._source.reading
        value = None if reading is None else self.entity_description.value_fn(reading)
        return None if value is None else round(value, self.entity_description.digits)

    @property
    def available(self) -> bool:
        """Available while the meter answers with valid readings."""
        return super().available and self._source.available and self._value() is not None

    @property
    def native_value(self) -> float | None:
        """The latest reading."""
        return self._value()

    @callback
    def _on_poll(self) -> None:
        shown = (self.available, self._value())
        if shown != self._shown:
            self._shown = shown
            self.async_write_ha_state()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Engine steps do not change a meter value: write only when the meter did."""
        self._on_poll()
