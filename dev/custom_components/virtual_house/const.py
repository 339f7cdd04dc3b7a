"""Constants of the virtual house (a development aid, never shipped through HACS)."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "virtual_house"
LOGGER = logging.getLogger(__package__)

CONF_SPEED: Final = "speed"  # virtual seconds per real second; 0 freezes the clock
DEFAULT_SPEED: Final = 60.0  # a day in 24 minutes
CONF_START: Final = "start"  # HH:MM, the virtual time of day at start-up
DEFAULT_START: Final = "17:20"  # ten minutes before the car plugs in on a busy evening
CONF_PROFILE: Final = "profile"  # one of PROFILES
PROFILE_GENERATED: Final = "generated"
PROFILE_UCI: Final = "uci"
PROFILES: Final = (PROFILE_GENERATED, PROFILE_UCI)
CONF_DATA_DIR: Final = "data_dir"  # folder of the UCI weeks (default: ../shared/data)
CONF_DAY: Final = "day"  # YYYY-MM-DD of the UCI day (default: the first one found)

TICK_S: Final = 1.0  # real seconds between two meter readings
