"""`--db` takes a file or a PostgreSQL URL: a URL naming no database is bad input (exit 1), and
a server that cannot be reached is the database failing (exit 3), in one line that never shows
the URL's password. Needs no PostgreSQL server."""

from __future__ import annotations

import pytest
from support.cli import one_line


@pytest.mark.parametrize("url", ["postgresql://clerk@db.example/", "postgres://clerk@/"])
def test_a_url_without_a_database_is_refused_as_bad_input(hra, url):
    assert "names no database" in one_line(hra(url, "bed", "list"), 1)


def test_an_unreachable_server_is_one_line_exit_3_without_its_password(hra, tmp_path):
    line = one_line(hra(f"postgresql://clerk:s3cret@/ward?host={tmp_path}", "bed", "list"), 3)
    assert "Cannot reach the ward database postgresql://clerk:***@/ward" in line
    assert "s3cret" not in line


def test_db_copy_names_a_bad_target_in_one_line(hra, db):
    assert "names no database" in one_line(hra(db, "db", "copy", str(db), "postgresql://x@/"), 1)
