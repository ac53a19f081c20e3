"""Engines: a scenario in (read through :func:`svcdesign.model.compiled.expand`), ``Results`` out.

- :mod:`.analytic` — traffic equations and Erlang A/C per stage and interval;
- :mod:`.simulation` — discrete-event simulation, replications with confidence intervals;
- :mod:`.dynamics` — weeks to years: service-quality erosion, staff, customers and money;
- :mod:`.registry` — every engine by name (:data:`~.registry.ENGINES`, :func:`~.registry.get_engine`)
  and :func:`~.registry.run`, which keeps results in the one memo of :mod:`.memo`.

This package imports none of them, and ``import svcdesign`` loads no engine: each loads on first use.
"""
