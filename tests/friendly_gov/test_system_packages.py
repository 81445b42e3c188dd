"""The Debian packages `make run` and `make test` need come from one list
(scripts/system-packages.txt): installed as root on Debian, otherwise the exact command to run is
printed. Run against stand-ins for dpkg-query, apt-get and id, so nothing is installed."""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system_packages.sh"
LIST = ROOT / "scripts" / "system-packages.txt"


def listed(need: str, *, path: str | None = None) -> list[str]:
    """The packages of `need`; with `path`, those an `any:` probe finds on that PATH left out (a
    command from another source is enough)."""
    packages = []
    for line in LIST.read_text().splitlines():
        fields = line.split()
        if fields and not fields[0].startswith("#") and (fields[0] == "run" or need == "test"):
            probe = fields[2]
            if path and probe.startswith("any:") and shutil.which(probe[4:], path=path):
                continue
            packages.append(fields[1])
    return packages


def search_path(bin_dir: Path) -> str:
    return f"{bin_dir}:/usr/bin:/bin"


def fake_system(tmp_path, *, installed: set[str], uid: int) -> Path:
    """A folder of stand-in commands: dpkg-query knows `installed`, apt-get logs its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    (bin_dir / "dpkg-query").write_text(
        "#!/bin/sh\n"
        'for p in "$@"; do last="$p"; done\n'
        f'case " {" ".join(sorted(installed))} " in *" $last "*) echo "install ok installed";; esac\n'
    )
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return bin_dir


def run(tmp_path, need: str, bin_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": search_path(bin_dir)}
    return subprocess.run(  # noqa: S603 - fixed arguments
        ["bash", str(SCRIPT), need], env=env, capture_output=True, text=True, cwd=tmp_path
    )


def test_it_lists_what_the_pdfs_and_the_tests_need_and_no_font():
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"} <= set(listed("run"))
    assert {"chromium", "poppler-utils"} <= set(listed("test")) - set(listed("run"))
    # The PDFs' fonts ship with the project (static/fonts/), never from the machine.
    assert not [p for p in listed("test") if p.startswith("fonts-")]


def test_it_installs_the_missing_packages_as_root_on_debian(tmp_path):
    bin_dir = fake_system(tmp_path, installed={"libpango-1.0-0", "chromium"}, uid=0)
    result = run(tmp_path, "test", bin_dir)
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert calls[0] == "update -qq"
    wanted = [p for p in listed("test", path=search_path(bin_dir)) if p not in {"libpango-1.0-0", "chromium"}]
    assert calls[1].split()[-len(wanted) :] == wanted


def test_it_does_nothing_when_everything_is_there(tmp_path):
    bin_dir = fake_system(tmp_path, installed=set(listed("test")), uid=0)
    result = run(tmp_path, "test", bin_dir)
    assert result.returncode == 0 and not (tmp_path / "apt.log").exists()


def test_without_root_it_stops_with_the_exact_command(tmp_path):
    bin_dir = fake_system(tmp_path, installed=set(listed("run")), uid=1000)
    result = run(tmp_path, "test", bin_dir)
    assert result.returncode == 1 and not (tmp_path / "apt.log").exists()
    missing = " ".join(p for p in listed("test", path=search_path(bin_dir)) if p not in listed("run"))
    assert f"sudo apt-get install -y --no-install-recommends {missing}" in result.stderr


def test_a_command_from_another_source_is_enough_where_the_list_says_any(tmp_path):
    # Node.js installed from its own packages brings npm; Debian's npm would conflict with it.
    assert any(
        line.split()[1:3] == ["npm", "any:npm"] for line in LIST.read_text().splitlines() if line.strip()
    )
    bin_dir = fake_system(tmp_path, installed=set(listed("test")) - {"npm"}, uid=0)
    (bin_dir / "npm").write_text("#!/bin/sh\n")
    (bin_dir / "npm").chmod(0o755)
    result = run(tmp_path, "test", bin_dir)
    assert result.returncode == 0 and not (tmp_path / "apt.log").exists()


def test_make_and_ci_use_the_one_list():
    makefile = (ROOT / "Makefile").read_text()
    assert "scripts/system_packages.sh run" in makefile and "scripts/system_packages.sh test" in makefile
    assert "run: system-run" in makefile and "test: system-test" in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "apt-get" not in ci
