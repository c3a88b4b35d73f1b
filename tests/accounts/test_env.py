"""Settings fail loudly: a value that cannot be understood names its variable."""

from __future__ import annotations

import pytest

from sodsong.env import EnvError, env_bool, env_choice, env_int, env_list, env_str


@pytest.mark.parametrize("raw", ["1", "true", "YES", " on "])
def test_env_bool_reads_true(raw, monkeypatch):
    monkeypatch.setenv("SODSONG_X_FLAG", raw)
    assert env_bool("SODSONG_X_FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_false(raw, monkeypatch):
    monkeypatch.setenv("SODSONG_X_FLAG", raw)
    assert env_bool("SODSONG_X_FLAG", True) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "enabled"])
def test_env_bool_refuses_anything_else_naming_the_variable(raw, monkeypatch):
    monkeypatch.setenv("SODSONG_X_FLAG", raw)
    with pytest.raises(EnvError, match="SODSONG_X_FLAG"):
        env_bool("SODSONG_X_FLAG")


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("SODSONG_X_FLAG", raising=False)
    assert env_bool("SODSONG_X_FLAG", True) is True


def test_env_int_reads_a_number(monkeypatch):
    monkeypatch.setenv("SODSONG_X_SECONDS", "900")
    assert env_int("SODSONG_X_SECONDS", 60, minimum=60) == 900


@pytest.mark.parametrize("raw", ["thirty", "1.5", ""])
def test_env_int_refuses_a_non_number_naming_the_variable(raw, monkeypatch):
    monkeypatch.setenv("SODSONG_X_SECONDS", raw)
    with pytest.raises(EnvError, match="SODSONG_X_SECONDS"):
        env_int("SODSONG_X_SECONDS", 60)


def test_env_int_refuses_a_number_below_the_minimum(monkeypatch):
    monkeypatch.setenv("SODSONG_X_SECONDS", "5")
    with pytest.raises(EnvError, match="SODSONG_X_SECONDS.*at least 60"):
        env_int("SODSONG_X_SECONDS", 600, minimum=60)


def test_env_choice_refuses_an_unknown_choice_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SODSONG_X_STORE", "ftp")
    with pytest.raises(EnvError, match="SODSONG_X_STORE"):
        env_choice("SODSONG_X_STORE", ("filesystem", "s3"), "filesystem")
    monkeypatch.setenv("SODSONG_X_STORE", "s3")
    assert env_choice("SODSONG_X_STORE", ("filesystem", "s3"), "filesystem") == "s3"


def test_env_str_without_default_must_be_set(monkeypatch):
    monkeypatch.delenv("SODSONG_X_BUCKET", raising=False)
    with pytest.raises(EnvError, match="SODSONG_X_BUCKET"):
        env_str("SODSONG_X_BUCKET")


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("SODSONG_X_HOSTS", "a.example, b.example,,")
    assert env_list("SODSONG_X_HOSTS") == ["a.example", "b.example"]
