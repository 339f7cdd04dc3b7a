"""The virtual house as a pure model: a clock, a base load and loads that answer commands.

Time is virtual: `advance(seconds)` moves the house clock, whatever the real time did, so the
integration can play a day in minutes. Every load draws power only while its relay is on and it
has something to do; work it could not do while off is done later (the water heater's tank,
the dryer's cycle, the car's session), as real appliances behave after a load shedder lets go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .profile import DayProfile

DAY_S = 24 * 3600.0
VOLTAGE_V = 230.0
# Longest step the model takes at once: energies stay right however fast the clock runs.
_MAX_STEP_S = 60.0


def clock(hhmm: str) -> float:
    """Seconds of the day of an HH:MM time; ValueError when it is not one."""
    hours, _, minutes = hhmm.partition(":")
    value = int(hours) * 3600.0 + int(minutes) * 60.0
    if not (0 <= int(hours) < 24 and 0 <= int(minutes) < 60):
        raise ValueError(f"not a time of day: {hhmm!r}")
    return value


def _in_window(now: float, start: float, end: float) -> bool:
    """True when time of day `now` is in [start, end), windows may wrap past midnight."""
    if start <= end:
        return start <= now < end
    return now >= start or now < end


@dataclass(slots=True)
class WaterHeater:
    """A resistance water heater on a thermostat: hot-water draws empty the tank, it reheats."""

    rated_w: float = 3000.0
    relay_on: bool = True
    deficit_wh: float = 0.0
    heating: bool = False
    # Time of day → energy drawn from the tank (showers, dishes), and the tank's standing loss.
    draws: tuple[tuple[float, float], ...] = (
        (clock("07:00"), 3500.0),
        (clock("12:30"), 600.0),
        (clock("17:30"), 1500.0),
        (clock("21:30"), 2500.0),
    )
    loss_w: float = 60.0

    @property
    def power_w(self) -> float:
        """What it draws now."""
        return self.rated_w if self.relay_on and self.heating else 0.0

    def step(self, start: float, seconds: float) -> None:
        """Advance from time of day `start` by `seconds` (at most a minute)."""
        for when, wh in self.draws:
            if _in_window(when, start, (start + seconds) % DAY_S) and seconds > 0:
                self.deficit_wh += wh
        self.deficit_wh += self.loss_w * seconds / 3600.0
        if self.deficit_wh > 150.0:
            self.heating = True  # the thermostat's hysteresis: a few litres cooled
        self.deficit_wh = max(0.0, self.deficit_wh - self.power_w * seconds / 3600.0)
        if self.deficit_wh <= 0.0:
            self.heating = False


@dataclass(slots=True)
class PoolPump:
    """A pool pump on its own timer: runs through the day's window while its relay is on."""

    rated_w: float = 1100.0
    relay_on: bool = True
    start: float = clock("10:00")
    end: float = clock("20:00")
    now: float = 0.0

    @property
    def power_w(self) -> float:
        """What it draws now."""
        return self.rated_w if self.relay_on and _in_window(self.now, self.start, self.end) else 0.0

    def step(self, start: float, seconds: float) -> None:
        """Advance the pump's own clock."""
        self.now = (start + seconds) % DAY_S


@dataclass(slots=True)
class Dryer:
    """A tumble dryer: cycles start at set times; a cycle cut off resumes when power returns."""

    rated_w: float = 2500.0
    relay_on: bool = True
    starts: tuple[float, ...] = (clock("09:30"), clock("17:15"))
    cycle_s: float = 70 * 60.0
    remaining_s: float = 0.0

    @property
    def power_w(self) -> float:
        """What it draws now."""
        return self.rated_w if self.relay_on and self.remaining_s > 0 else 0.0

    def step(self, start: float, seconds: float) -> None:
        """Advance: start a cycle at its time, run down the current one while powered."""
        if self.relay_on and self.remaining_s > 0:
            self.remaining_s = max(0.0, self.remaining_s - seconds)
        for when in self.starts:
            if _in_window(when, start, (start + seconds) % DAY_S) and seconds > 0:
                self.remaining_s = max(self.remaining_s, self.cycle_s)


@dataclass(slots=True)
class EvCharger:
    """A charger and a car: a session each evening; power = current x voltage x phases.

    `enabled` is the charger's pause switch; `current_a` the charging-current setpoint.
    """

    min_a: float = 6.0
    max_a: float = 32.0
    phases: int = 1
    current_a: float = 32.0
    enabled: bool = True
    plug_in: float = clock("17:30")
    plug_out: float = clock("07:30")
    session_kwh: float = 20.0
    delivered_kwh: float = 0.0
    plugged: bool = False
    now: float = 0.0

    @property
    def wants_kwh(self) -> float:
        """Energy the car still wants this session."""
        return max(0.0, self.session_kwh - self.delivered_kwh) if self.plugged else 0.0

    @property
    def power_w(self) -> float:
        """What it draws now: the setpoint while a session runs and it is not paused."""
        if not (self.enabled and self.wants_kwh > 0):
            return 0.0
        return self.current_a * VOLTAGE_V * self.phases

    def step(self, start: float, seconds: float) -> None:
        """Advance: deliver energy, plug in and out at the session's times."""
        self.delivered_kwh += self.power_w * seconds / 3.6e6
        end = (start + seconds) % DAY_S
        self.now = end
        plugged = _in_window(end, self.plug_in, self.plug_out)
        if plugged and not self.plugged:
            self.delivered_kwh = 0.0  # a new session
        self.plugged = plugged


@dataclass(slots=True)
class Oven:
    """An oven nobody may shed: turned on by hand to overload the house on purpose."""

    rated_w: float = 3000.0
    relay_on: bool = False

    @property
    def power_w(self) -> float:
        """What it draws now."""
        return self.rated_w if self.relay_on else 0.0


@dataclass(slots=True)
class House:
    """The whole house: base load from a day profile plus its loads, at a virtual time of day."""

    profile: DayProfile
    now: float = 0.0
    water_heater: WaterHeater = field(default_factory=WaterHeater)
    pool_pump: PoolPump = field(default_factory=PoolPump)
    dryer: Dryer = field(default_factory=Dryer)
    ev: EvCharger = field(default_factory=EvCharger)
    oven: Oven = field(default_factory=Oven)

    @classmethod
    def starting_at(cls, profile: DayProfile, start: float) -> House:
        """The house at time of day `start`, as if the day had run since midnight undisturbed."""
        house = cls(profile=profile)
        house.advance(start)
        return house

    @property
    def base_w(self) -> float:
        """The household's own load now."""
        return self.profile.at(self.now)

    @property
    def site_w(self) -> float:
        """What the meter reads: base load plus every load."""
        return self.base_w + sum(
            load.power_w
            for load in (self.water_heater, self.pool_pump, self.dryer, self.ev, self.oven)
        )

    def advance(self, seconds: float) -> None:
        """Move the house clock on by `seconds` of virtual time (0 or more)."""
        while seconds > 0:
            step = min(seconds, _MAX_STEP_S)
            for load in (self.water_heater, self.pool_pump, self.dryer, self.ev):
                load.step(self.now, step)
            self.now = (self.now + step) % DAY_S
            seconds -= step
