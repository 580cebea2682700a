"""Production settings pass Django's deployment checks; the translations are complete."""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
XIEZUO = str(Path(sys.executable).parent / "xiezuo")


def deploy_check(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`xiezuo check --deploy`, failing on warnings, run with exactly `env`."""
    return subprocess.run(
        [XIEZUO, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        # as a server is started: not with what the test run set for itself (the browser
        # tests' DJANGO_ALLOW_ASYNC_UNSAFE, which the deployment check rightly refuses)
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "XIEZUO_HTTPS": "1",
        "XIEZUO_SECRET_KEY": "k" * 20 + "-production-secret-" + "x9Q" * 10,
        "XIEZUO_ALLOWED_HOSTS": "xiezuo.example.org",
        "XIEZUO_VAR_DIR": str(tmp_path),
    }
    result = deploy_check(env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_defaults_fail_the_deploy_check(tmp_path):
    env = {**os.environ, "XIEZUO_VAR_DIR": str(tmp_path), "XIEZUO_HTTPS": "0"}
    result = deploy_check(env, tmp_path)
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr + result.stdout


def test_every_interface_string_has_a_chinese_translation():
    catalogue = polib.pofile(str(ROOT / "xiezuo/locale/zh_Hans/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert not missing, f"translate these in django.po: {missing}"
    for entry in catalogue.translated_entries():
        for placeholder in ("%(", "%s"):
            assert entry.msgid.count(placeholder) == (
                entry.msgstr or entry.msgstr_plural.get(0, "")
            ).count(placeholder), entry.msgid


def test_the_catalogue_holds_every_string_the_code_marks(tmp_path):
    """makemessages over a copy of the package finds no string missing from django.po."""
    import shutil

    import pytest

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed (.ci/run installs it)")
    copy = tmp_path / "xiezuo"
    shutil.copytree(ROOT / "xiezuo", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            str(Path(sys.executable).parent / "django-admin"),
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "-v0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    kept = {
        e.msgid for e in polib.pofile(str(ROOT / "xiezuo/locale/zh_Hans/LC_MESSAGES/django.po"))
    }
    assert not fresh - kept, f"run makemessages and translate: {sorted(fresh - kept)}"


# The deployment example (deploy/): the environment file passes the deployment check, the
# systemd units start what `make run` starts, nginx accepts its configuration.

DEPLOY = ROOT / "deploy"
VENV = Path(sys.executable).parent.parent


def example_environment() -> dict[str, str]:
    """deploy/xiezuo.env.example, each CHANGE_ME filled as its comment says."""
    import base64
    import secrets

    fill = {
        "XIEZUO_SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "XIEZUO_PERSONAL_KEY": lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "XIEZUO_PERSONAL_HASH_KEY": lambda: secrets.token_urlsafe(32),
    }
    env = {}
    for line in (DEPLOY / "xiezuo.env.example").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, value = line.split("=", 1)
        if "CHANGE_ME" in value:
            value = fill[name]() if name in fill else value.replace("CHANGE_ME", "Pw0rd-x7")
        env[name] = value
    return env


def unit(name: str) -> dict[str, list[str]]:
    """A systemd unit's settings (continued lines joined), each name to its values."""
    settings: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().replace("\\\n", " ").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(" ".join(value.split()))
    return settings


def makefile_gunicorn_flags() -> list[str]:
    """The flags `make run` starts gunicorn with, Make's variables replaced by their
    defaults (--bind left out: where it listens is each one's own)."""
    import re

    makefile = (ROOT / "Makefile").read_text()
    defaults = dict(re.findall(r"^([A-Z_]+) \?= (\S+)$", makefile, re.M))
    command = re.search(r"\$\(BIN\)/gunicorn (.*?)\n\n", makefile.replace("\\\n", " "), re.S)
    assert command, "no gunicorn command in the Makefile"
    words = re.sub(r"\$\((\w+)\)", lambda m: defaults.get(m[1], m[0]), command[1]).split()
    assert words[:3] == ["xiezuo.wsgi:application", "--bind", "$(HOST):$(PORT)"], words
    return words[3:]


def test_the_example_environment_passes_the_deploy_check(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **example_environment()}
    assert env["XIEZUO_HTTPS"] == "1" and env["XIEZUO_DEBUG"] == "0"
    result = deploy_check(env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert not Path(env["XIEZUO_VAR_DIR"], "secret_key").exists()  # the keys are given


def test_the_example_environment_names_every_setting():
    import re

    read = set(
        re.findall(
            r'"((?:XIEZUO_[A-Z_]+)|DATABASE_URL)"', (ROOT / "xiezuo/settings.py").read_text()
        )
    )
    readme = (ROOT / "README.md").read_text()
    assert read - set(example_environment()) == set()
    assert {name for name in read if f"`{name}`" not in readme} == set()


def test_the_units_start_gunicorn_as_make_run_does():
    web = unit("xiezuo.service")
    (start,) = web["ExecStart"]
    program, app, bind, address, *flags = start.split()
    assert (program, app, bind) == (
        "/srv/xiezuo/.venv/bin/gunicorn",
        "xiezuo.wsgi:application",
        "--bind",
    )
    assert flags == makefile_gunicorn_flags()
    # nginx passes requests to that address, and XIEZUO_TRUSTED_PROXIES believes it
    nginx = (DEPLOY / "nginx.conf").read_text()
    assert f"server {address} " in nginx
    env = example_environment()
    assert address.split(":")[0] in env["XIEZUO_TRUSTED_PROXIES"].split(",")
    assert flags[flags.index("--forwarded-allow-ips") + 1] == address.split(":")[0]
    # every unit reads the one environment file, as the xiezuo user, its state in XIEZUO_VAR_DIR
    units = ["xiezuo.service", "xiezuo-import-worker.service", "xiezuo-backup.service"]
    for name in units:
        settings = unit(name)
        assert settings["EnvironmentFile"] == ["/etc/xiezuo/xiezuo.env"], name
        assert settings["User"] == ["xiezuo"], name
        state = settings["StateDirectory"][0].split()
        assert "xiezuo" in state or settings["ReadWritePaths"] == ["/var/lib/xiezuo"], name
    assert env["XIEZUO_VAR_DIR"] == "/var/lib/xiezuo"
    assert f"alias {env['XIEZUO_VAR_DIR']}/static/;" in nginx  # collectstatic's root
    # the background imports run in their own process
    assert unit("xiezuo-import-worker.service")["ExecStart"][0].startswith(
        "/srv/xiezuo/.venv/bin/xiezuo imports run --watch "
    )
    assert env["XIEZUO_IMPORT_JOBS"] == "worker"
    assert "/srv/xiezuo/.venv/bin/xiezuo backup " in unit("xiezuo-backup.service")["ExecStart"][0]
    assert unit("xiezuo-backup.timer")["Persistent"] == ["true"]


def test_nginx_lets_through_what_xiezuo_reads_and_hides_the_metrics():
    import re

    from xiezuo.uploads import MAX_UPLOAD_BYTES

    nginx = (DEPLOY / "nginx.conf").read_text()
    server_443 = nginx[nginx.index("listen 443") : nginx.index("# Prometheus")]
    (general,) = re.findall(r"^    client_max_body_size (\d+)m;", server_443, re.M)
    # larger than the body Xiezuo reads (so that its own 413 message answers) and than
    # an attachment
    assert int(general) > int(example_environment()["XIEZUO_MAX_BODY_MB"])
    assert int(general) * 1024 * 1024 > MAX_UPLOAD_BYTES
    assert "location = /metrics {\n        return 404;" in server_443
    assert "return 301 https://$host$request_uri;" in nginx
    proxy = (DEPLOY / "xiezuo-proxy.conf").read_text()
    for header in (
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "X-Forwarded-Proto $scheme",
        "X-Request-ID $request_id",
        "Host $host",
    ):
        assert f"proxy_set_header {header};" in proxy


def test_systemd_accepts_the_units(tmp_path):
    import shutil

    import pytest

    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    for path in DEPLOY.glob("xiezuo*.[st][ei][rm]*"):
        # the programs where this checkout has them
        text = (
            path.read_text()
            .replace("/srv/xiezuo/.venv", str(VENV))
            .replace("/srv/xiezuo", str(ROOT))
        )
        (tmp_path / path.name).write_text(text)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "xiezuo-backup.service",
        "xiezuo-backup.timer",
        "xiezuo-import-worker.service",
        "xiezuo.service",
    ]
    result = subprocess.run(
        ["systemd-analyze", "verify", *names], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_nginx_accepts_the_configuration(tmp_path):
    """`nginx -t` on deploy/nginx.conf inside a minimal main configuration, with a
    self-signed certificate at the certificate paths (skipped without nginx)."""
    import shutil

    import pytest

    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx is None:
        pytest.skip("nginx is not installed")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=xiezuo.example.org", "-keyout", str(tmp_path / "privkey.pem"),
         "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (
        (DEPLOY / "nginx.conf")
        .read_text()
        .replace("/etc/letsencrypt/live/xiezuo.example.org/", f"{tmp_path}/")
        .replace("/var/log/nginx/", f"{tmp_path}/")
        .replace("/etc/nginx/xiezuo-proxy.conf", str(DEPLOY / "xiezuo-proxy.conf"))
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        "http {\n  access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {tmp_path}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
