import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory) -> Path:
    """The seed text, its registration and the gazetteer, with no curated file."""
    from extraction_eval import uncurated_copy

    return uncurated_copy(ROOT / "data", tmp_path_factory.mktemp("seed") / "data")
