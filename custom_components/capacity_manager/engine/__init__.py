"""Pure control engine of Capacity Manager: never imports homeassistant.

It takes numbers and dataclasses and returns decisions; Home Assistant glue and the trace
simulator both drive the same `Controller`.
"""
