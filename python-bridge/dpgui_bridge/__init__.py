"""DPGui's bridge into the user's trainer environment.

Standard library only: it runs inside the user's own Python (their sd-scripts or diffusion-pipe venv),
where DPGui installs nothing. Every command prints one JSON object on stdout so the app can read it.
"""

BRIDGE_VERSION = "0.1.0"
# The oldest Python the trainers we drive still run on.
MIN_PYTHON = (3, 10)
