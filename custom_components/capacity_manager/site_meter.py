"""Site power read straight from a Modbus meter: the first read, the poll loop, the readings.

Every poll interval one read runs in the background (a tick is skipped while the previous read
still runs); a valid reading goes to the engine at once, as a `Measurement`, and to the meter's
sensors. A failed read gives no sample: readings go stale and the engine's failsafe applies
after its timeout. The meter layer logs one line per outage and one on recovery; this module
logs an implausible sample once per run of them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers.event import async_track_time_interval

from .const import (
    CONF_METER_PROFILE,
    CONF_MODBUS,
    CONF_POLL_INTERVAL,
    CONF_REGISTER_MAP,
    DEFAULT_POLL_INTERVAL,
    DOMAIN,
    LOGGER,
)
from .engine.models import Measurement, SiteConfig
from .parsing import PLAUSIBLE_FACTOR
from .repairs import meter_answered_wrongly, meter_set_up
from .sources.modbus import (
    MeterConfig,
    MeterConnectionError,
    MeterError,
    MeterReading,
    MeterTimeoutError,
    ModbusMeter,
    RegisterMap,
    resolve_profile,
)

MIN_POLL_INTERVAL_S = 0.2


def measurement(reading: MeterReading, site: SiteConfig) -> Measurement:
    """The engine's sample: total power, and phase currents when the meter has the site's phases.

    Currents come from the meter, else from per-phase power and the nominal voltage. A meter with
    another phase count than the site (a 3-phase meter on a 1-phase site) gives none.
    """
    currents: tuple[float, ...] | None = None
    if site.phases > 1:
        if reading.phase_a is not None and len(reading.phase_a) == site.phases:
            currents = tuple(abs(a) for a in reading.phase_a)
        elif reading.phase_w is not None and len(reading.phase_w) == site.phases:
            currents = tuple(abs(w) / site.voltage_v for w in reading.phase_w)
    return Measurement(site_power_w=reading.total_w, phase_currents_a=currents)


class MeterSource:
    """The site's Modbus meter: polled in the background, its readings fed to a callback."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, data: Mapping[str, Any], site: SiteConfig
    ) -> None:
        """Raise ValueError when the stored meter settings are unusable."""
        settings: Mapping[str, Any] = data[CONF_MODBUS]
        try:
            profile = resolve_profile(
                str(settings[CONF_METER_PROFILE]), settings.get(CONF_REGISTER_MAP)
            )
        except MeterError as err:
            raise ValueError(str(err)) from err
        self.config = MeterConfig.from_dict(settings)
        self.poll_interval_s = max(
            MIN_POLL_INTERVAL_S, float(settings.get(CONF_POLL_INTERVAL, DEFAULT_POLL_INTERVAL))
        )
        self.meter = ModbusMeter(self.config, profile)
        self.profile_name = profile.name if isinstance(profile, RegisterMap) else "SunSpec"
        self.entity_ids: list[str] = []  # no Home Assistant entity to watch
        self.reading: MeterReading | None = None  # the latest valid reading
        self._hass = hass
        self._entry = entry
        self._site = site
        self._on_sample: Callable[[Measurement], None] | None = None
        self._listeners: list[CALLBACK_TYPE] = []
        self._task: asyncio.Task[None] | None = None
        self._unsub: CALLBACK_TYPE | None = None
        self._unsub_stop: CALLBACK_TYPE | None = None
        self._implausible = False

    @property
    def names(self) -> list[str]:
        """What the site reads, for repair issues and log lines."""
        return [f"Modbus meter {self.config.label}"]

    @property
    def available(self) -> bool:
        """A valid, plausible reading came back from the last poll."""
        return self.reading is not None and self.meter.available and not self._implausible

    def read(self, get: Callable[[str], Any]) -> Measurement | None:
        """The latest valid sample while the meter answers (states play no part)."""
        if self.reading is None or not self.available:
            return None
        return measurement(self.reading, self._site)

    async def async_setup(self) -> None:
        """Read once; a meter that does not answer makes the entry retry later.

        One that answers, but not as its profile expects, is retried too (it may come right),
        with a repair issue after a few such set-ups in a row; a good read deletes it.
        """
        try:
            self.reading = await self.meter.async_read_once()
        except MeterError as err:
            await self.meter.async_close()
            placeholders = {"meter": self.config.label, "error": str(err)}
            key = "meter_not_ready"
            if not isinstance(err, (MeterConnectionError, MeterTimeoutError)):
                key = "meter_mismatch"  # it answered: not SunSpec, garbage, out of range
                placeholders["profile"] = self.profile_name
                meter_answered_wrongly(self._hass, self._entry, **placeholders)
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key=key,
                translation_placeholders=placeholders,
            ) from err
        meter_set_up(self._hass, self._entry.entry_id)

    @callback
    def start(self, on_sample: Callable[[Measurement], None]) -> CALLBACK_TYPE:
        """Poll every interval; each valid sample goes to `on_sample`. Returns the stop."""
        self._on_sample = on_sample
        self._unsub_stop = self._hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_STOP, self._async_on_hass_stop
        )
        self._unsub = async_track_time_interval(
            self._hass,
            self._on_poll,
            timedelta(seconds=self.poll_interval_s),
            name=f"capacity_manager meter {self.config.label}",
            cancel_on_shutdown=True,
        )
        return self._stop_polling

    @callback
    def _stop_polling(self) -> None:
        for unsub in (self._unsub, self._unsub_stop):
            if unsub is not None:
                unsub()
        self._unsub = self._unsub_stop = None
        self._on_sample = None

    async def _async_on_hass_stop(self, _event: Event) -> None:
        """Home Assistant stops without unloading us: close the connection all the same."""
        self._unsub_stop = None  # a fired once-listener is gone already
        await self.async_close()

    async def async_close(self) -> None:
        """Stop polling, wait for a read in flight, close the connection."""
        self._stop_polling()
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await self.meter.async_close()

    @callback
    def async_add_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `listener` after every poll (the meter's sensors); returns the removal."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def _on_poll(self, _now: datetime) -> None:
        if self._task is not None and not self._task.done():
            return  # the previous read still runs: skip this tick
        self._task = self._entry.async_create_background_task(
            self._hass, self.async_poll(), f"capacity_manager poll {self.config.label}"
        )

    async def async_poll(self) -> None:
        """Read once; a valid sample goes to the engine at once, then the sensors update."""
        try:
            reading = await self.meter.async_read()
        except MeterError:
            reading = None  # logged by the meter (once per outage)
        valid = reading is not None and self._plausible(reading)
        if valid and reading is not None:
            self.reading = reading
            if self._on_sample is not None:
                self._on_sample(measurement(reading, self._site))
        for listener in list(self._listeners):
            listener()

    def _plausible(self, reading: MeterReading) -> bool:
        """Reject a sample far beyond the panel limit (a wrong scale or a glitch), logged once."""
        bound = PLAUSIBLE_FACTOR * self._site.limits.panel_limit_w
        if abs(reading.total_w) <= bound:
            if self._implausible:
                self._implausible = False
                LOGGER.info("Modbus meter %s: readings are plausible again", self.config.label)
            return True
        if not self._implausible:
            self._implausible = True
            LOGGER.warning(
                "Modbus meter %s: ignoring %.0f W, more than %.0f times the panel limit",
                self.config.label,
                reading.total_w,
                PLAUSIBLE_FACTOR,
            )
        return False
