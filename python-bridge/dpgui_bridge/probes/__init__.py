"""Scripts run in a child interpreter (the user's) by probe.run_probe: each prints JSON lines as it goes,
so a check that hangs still leaves what it learned before, and where it stopped."""
