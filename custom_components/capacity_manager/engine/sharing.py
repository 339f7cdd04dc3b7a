"""Equal priorities share: chargers of one priority end at equal power, not first come first.

The restore ramp (restore.py) turns turned-down peers up and resumes paused ones one per
interval. Left to that order, the first charger back takes all the room and its twin waits for
an hour; here each gets an equal share of the room and of what its peers are offered.
"""

from __future__ import annotations

from .tracking import LoadTrack


def lowest_w(track: LoadTrack) -> float:
    """A modulated load's power at its minimum setpoint."""
    return track.cfg.power_at(track.cfg.min_setpoint)


def ramp_shares(
    room_w: float, ready: list[LoadTrack], running: list[LoadTrack], paused: list[LoadTrack]
) -> list[tuple[LoadTrack, float]]:
    """The room offered to each turned-down peer `ready` to go up (of `running`, all of them).

    Equal shares of the room among all turned-down peers (one that went up a moment ago takes
    its share at its next turn). With paused peers of the same priority, the running ones go
    up only to an equal share of all the room they and the paused ones have, so those can
    resume at theirs; unless that share is below what a paused one needs to run (its
    minimum), when the room would go unused.
    """
    if paused:
        fair = (room_w + sum(offered_w(t) for t in running)) / (len(running) + len(paused))
        if fair >= min(lowest_w(t) for t in paused):
            return [(t, max(0.0, fair - offered_w(t))) for t in ready]
    return [(t, room_w / len(running)) for t in ready]


def resume_share(
    track: LoadTrack, room_w: float, paused: list[LoadTrack], running: list[LoadTrack]
) -> float:
    """What a paused charger resumes with: an equal share, at least its minimum.

    Equal among its paused peers and the turned-down ones of the same priority, counting what
    those are offered now.
    """
    if len(paused) + len(running) < 2:
        return room_w
    fair = (room_w + sum(offered_w(t) for t in running)) / (len(paused) + len(running))
    return min(room_w, max(fair, lowest_w(track)))


def offered_w(track: LoadTrack) -> float:
    """What a modulated load is offered now (its setpoint's nominal power)."""
    return track.cfg.power_at(track.state.setpoint or 0.0)
