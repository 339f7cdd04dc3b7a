"""Command-line replay and benchmark tools of Capacity Manager.

They only parse input files, assemble `engine.scenario.Scenario` objects, call the engine's
simulator and metrics, and format the output: no control logic lives here.
"""
