"""The built wheel carries its data: examples, assumptions and bundled data sets load after pip install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import svcdesign, svcdesign.datasets as d
from svcdesign.assumptions import load_assumptions
assert 'site' in svcdesign.__file__ or 'target' in svcdesign.__file__, svcdesign.__file__
assert '_datasets' in str(svcdesign._resources.dataset_path())
assert svcdesign.example_names() == [
    'bank', 'council_adult_social_care', 'omnichannel_phone_chat_email', 'telecom_shop_and_phone'
]
assert svcdesign.evaluate(svcdesign.load_example('bank'), staffing=False).value('customers') > 0
assert len(d.nhs_ae_attendances()) == 12765
assert len(load_assumptions()) > 100
print('ok')
"""


def test_wheel_installs_with_its_data(tmp_path):
    wheels, target = tmp_path / "wheels", tmp_path / "target"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("svcdesign-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", CHECK], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
