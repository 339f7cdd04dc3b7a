"""Where grid limits come from: HA entities, weekly schedules, an OpenADR 3 VTN, a capacity tariff.

Each source is a config subentry of type `limit_source`. Every source says what import and export
limit it asks for right now; the manager takes the tightest of all of them and hands it to the
engine (`Controller.set_grid_limits`). Pure parts (schedules, weekly rules, the month peak) never
import Home Assistant; the rest is thin glue around them.
"""
