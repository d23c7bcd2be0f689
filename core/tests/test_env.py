import pytest

from core.env import ConfigError, env_bool, env_database, env_int, env_list, env_secret


def test_booleans_accept_common_spellings_and_refuse_others():
    assert env_bool("DEBUG", environ={"DEBUG": "Yes"}) is True
    assert env_bool("DEBUG", environ={"DEBUG": "off"}) is False
    assert env_bool("DEBUG", True, environ={}) is True
    with pytest.raises(ConfigError, match="DEBUG must be true or false, not 'maybe'"):
        env_bool("DEBUG", environ={"DEBUG": "maybe"})


def test_integers_are_checked():
    assert env_int("N", 3, environ={"N": " 7 "}) == 7
    with pytest.raises(ConfigError, match="N must be a whole number"):
        env_int("N", 3, environ={"N": "seven"})
    with pytest.raises(ConfigError, match="N must be at least 1"):
        env_int("N", 3, minimum=1, environ={"N": "0"})


def test_lists_drop_blanks():
    assert env_list("HOSTS", [], environ={"HOSTS": "a.kr, ,b.kr,"}) == ["a.kr", "b.kr"]


def test_secret_required_and_from_file(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        env_secret("SECRET_KEY", required=True, environ={})
    secret_file = tmp_path / "key"
    secret_file.write_text("from-a-file\n")
    assert (
        env_secret("SECRET_KEY", required=True, environ={"SECRET_KEY_FILE": str(secret_file)})
        == "from-a-file"
    )
    with pytest.raises(ConfigError, match="SECRET_KEY_FILE cannot be read"):
        env_secret("SECRET_KEY", required=True, environ={"SECRET_KEY_FILE": str(tmp_path / "missing")})


def test_database_urls():
    sqlite = env_database("DATABASE_URL", "sqlite:////tmp/x.sqlite3", environ={})
    assert sqlite["ENGINE"].endswith("sqlite3")
    pg = env_database("DATABASE_URL", "", environ={"DATABASE_URL": "postgres://u:p@db.example:5433/koffset"})
    assert (pg["ENGINE"], pg["NAME"], pg["PORT"]) == ("django.db.backends.postgresql", "koffset", 5433)
    with pytest.raises(ConfigError, match="DATABASE_URL must start with sqlite:// or postgres://"):
        env_database("DATABASE_URL", "", environ={"DATABASE_URL": "mysql://u@h/db"})
    with pytest.raises(ConfigError, match="DATABASE_URL must name a database"):
        env_database("DATABASE_URL", "", environ={"DATABASE_URL": "postgres://u@h:5432"})


def test_config_error_is_one_line_and_exits():
    error = ConfigError("DEBUG", "must be true or false")
    assert isinstance(error, SystemExit)
    assert "\n" not in str(error.code)
