"""Typed failures. Exit codes (contracts): 0 ok, 1 validation failed, 2 bad input or runtime error."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_VALIDATION = 1
EXIT_INPUT = 2


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, printed as `file:line: field: message`."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


class IpgraphError(Exception):
    """Base of ipgraph's own failures; `exit_code` is what the CLI returns."""

    exit_code = EXIT_INPUT


class InputError(IpgraphError):
    """Bad input: one or more problems, each naming file, line and field."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ValidationFailed(IpgraphError):
    """The built graph failed SHACL, the reasoner or a QC query; previous exports are kept."""

    exit_code = EXIT_VALIDATION

    def __init__(self, report):
        self.report = report
        super().__init__(report.summary())
