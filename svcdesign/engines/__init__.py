"""Engines: scenario in, results out (analytic, simulation, dynamics), sharing :mod:`.inputs`."""
