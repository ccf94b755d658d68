"""What a command line result must look like: one line out on success; on a refusal nothing on
stdout, no traceback, and the reason on stderr."""

from __future__ import annotations

from click.testing import Result


def ok(result: Result) -> str:
    """Exit 0 and exactly one line on stdout, which is returned."""
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


def refused(result: Result, code: int = 1) -> list[str]:
    """Exit `code`, nothing on stdout, no traceback; the lines on stderr are returned."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.stdout == "" and "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()


def one_line(result: Result, code: int) -> str:
    """Refused with exit `code` and one `hra:` line on stderr (after any 'line N:' rows), never
    an "internal fault"; that line is returned."""
    lines = refused(result, code)
    assert "internal fault" not in result.stderr
    assert lines and all(line.startswith(("hra: ", "line ")) for line in lines)
    assert lines[-1].startswith("hra: ")
    return lines[-1]
