"""Where site power comes from: Home Assistant sensors, or a meter read directly (`modbus`).

Subpackages are imported on demand, so a site that reads HA sensors never imports pymodbus.
"""
