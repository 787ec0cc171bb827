"""The workers' order of work: what `render_book` relies on to queue the kit beside the book."""

from __future__ import annotations

import pytest

from pipeline.casebook.parts import _after_first
from pipeline.casebook.workers import Workers, _released

_HTML = "<html><body><p id='{0}'>{0}</p></body></html>"


def _tasks(log: list[str], names: list[str]):
    for name in names:
        log.append(f"wrote {name}")
        yield _HTML.format(name), None, ()


@pytest.mark.parametrize("jobs", [1, 2])
def test_then_comes_after_every_task_is_under_way_and_first_after_the_first(jobs: int):
    log: list[str] = []
    with Workers(jobs) as workers:
        tasks = _after_first(_tasks(log, ["a", "b"]), lambda: log.append("first"))
        results = workers.run(tasks, then=lambda: log.append("then"))
    assert [r["anchors"] for r in results] == [{"a": 0}, {"b": 0}]
    assert log == ["wrote a", "first", "wrote b", "then"]


def test_first_is_still_called_when_no_task_is_rendered():
    log: list[str] = []
    with Workers(2) as workers:
        assert workers.run(_after_first(iter(()), lambda: log.append("first"))) == []
    assert log == ["first"]


def test_a_function_run_in_a_worker_gives_its_result_or_its_error():
    assert _released(sorted, [3, 1, 2]) == [1, 2, 3]
    with Workers(2) as workers:
        assert workers.submit(sorted, [3, 1, 2]).get() == [1, 2, 3]
        with pytest.raises(ZeroDivisionError):
            workers.submit(divmod, 1, 0).get()


def test_the_processes_start_on_entering_and_are_stopped_when_left_unused():
    with Workers(2) as workers:
        pool = workers.pool
        assert pool is not None  # importing WeasyPrint while the caller writes HTML
        processes = list(pool._pool)
        assert len(processes) == 2
    assert workers.pool is None and not workers.used
    assert all(not p.is_alive() for p in processes)
    with Workers(1) as single:
        assert single.pool is None  # one core: jobs run here
