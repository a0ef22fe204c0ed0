"""NLU tests run in the Rasa venv: `.venv-rasa/bin/python -m pytest tests/nlu`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture(scope="session")
def agent():
    """The trained model (scripts/train trains it first when its inputs changed)."""
    from rasa.core.agent import Agent

    out = subprocess.run(["bash", "scripts/train"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return Agent.load(str(ROOT / out.strip().splitlines()[-1]))
