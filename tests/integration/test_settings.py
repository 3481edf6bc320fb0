"""Configuration: defaults, the home's overrides, environment overrides, and errors that name the key."""

from __future__ import annotations

import pytest

from runlift.settings import ConfigError, init_home, load_settings, resolve_home


def _home_with(tmp_path, text: str):
    home = resolve_home(tmp_path / "home")
    init_home(home, "Europe/Berlin")
    home.config_file.write_text("[athlete]\nid = 'a-1'\n" + text)
    return home


def test_init_creates_the_folders_and_an_athlete_id(tmp_path):
    home = resolve_home(tmp_path / "home")

    assert init_home(home, "Europe/Berlin") is True
    assert init_home(home) is False

    settings = load_settings(home.root, environ={})
    assert all(folder.is_dir() for folder in home.folders)
    assert len(settings.athlete_id) == 36
    assert settings.config.athlete.time_zone == "Europe/Berlin"
    assert settings.config.athlete.max_hr_bpm == 190


def test_the_home_comes_from_the_argument_then_the_environment(tmp_path):
    assert (
        resolve_home(tmp_path / "a", {"RUNLIFT_HOME": str(tmp_path / "b")}).root == tmp_path / "a"
    )
    assert resolve_home(None, {"RUNLIFT_HOME": str(tmp_path / "b")}).root == tmp_path / "b"
    assert resolve_home(None, {}).root.name == "runlift"


def test_user_overrides_merge_with_the_defaults(tmp_path):
    home = _home_with(
        tmp_path, "max_hr_bpm = 201\n[import]\nrunning_sports = ['running', 'hiking']\n"
    )

    config = load_settings(home.root, environ={}).config

    assert config.athlete.max_hr_bpm == 201
    assert config.athlete.resting_hr_bpm == 50
    assert config.import_.running_sports == ("running", "hiking")
    assert config.import_.archives.max_members == 20_000


def test_the_database_url_comes_from_the_environment_first(tmp_path):
    home = _home_with(tmp_path, "[store]\nurl = 'postgresql://a@b/c'\n")

    assert load_settings(home.root, environ={}).database_url == "postgresql://a@b/c"
    env = {"RUNLIFT_DATABASE_URL": "sqlite:///x"}
    assert load_settings(home.root, environ=env).database_url == "sqlite:///x"


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("max_hr_bpm = 'high'\n", "athlete.max_hr_bpm", "valid integer"),
        ("sex = 'x'\n", "athlete.sex", "'male' or 'female'"),
        ("time_zone = 'Mars/Olympus'\n", "athlete.time_zone", "an IANA time zone name"),
        (
            "max_hr_bpm = 120\nresting_hr_bpm = 120\n",
            "athlete",
            "max_hr_bpm must be above resting_hr_bpm",
        ),
        ("hr_max = 180\n", "athlete.hr_max", "unknown key"),
        ("[import]\nworkers = -1\n", "import.workers", "greater than or equal to 0"),
    ],
)
def test_bad_config_names_the_key_and_the_expected_form(tmp_path, text, key, problem):
    home = _home_with(tmp_path, text)

    with pytest.raises(ConfigError) as caught:
        load_settings(home.root, environ={})

    assert caught.value.key == key
    assert problem in str(caught.value)
    assert str(home.config_file) in str(caught.value)


def test_a_config_file_that_is_not_toml_is_reported_as_such(tmp_path):
    home = _home_with(tmp_path, "this is = = not toml\n")

    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(home.root, environ={})


def test_every_dedupe_and_archive_key_reaches_the_import(tmp_path):
    from runlift.bootstrap import bootstrap

    home = _home_with(
        tmp_path, "[dedupe]\nstart_window_s = 60\n[import.archives]\nmax_members = 7\n"
    )
    with bootstrap(home.root) as app:
        assert app.history.rule.start_window_s == 60
        assert app.importer().options.limits.max_members == 7
