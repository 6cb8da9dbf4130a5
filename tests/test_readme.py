"""The README tells the truth about the checks, the commands and CI."""

import json
import re

from argmap.io import parse_map
from argmap.validate import RULES, validate
from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_documented_with_its_severity():
    for rule in RULES:
        assert f"| `{rule.code}` | {rule.severity.value} | {rule.summary} |" in README


def test_the_example_map_is_a_valid_map():
    example = re.search(r"```json\n(.*?)```", README, re.S).group(1)
    m = parse_map(example)
    assert [f.code for f in validate(m)] == ["unanswered-objection"]
    assert json.loads(example)["format_version"] == m.format_version


def test_ci_runs_the_readme_test_command():
    assert "make test    # runs the whole test suite" in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.rstrip().splitlines()[-1] == "make test"
