"""Expansion: a scenario's trains, one-off windows, blackouts and holidays become concrete
windows, release days and blackout periods over a horizon (pure: no clock, no I/O)."""
