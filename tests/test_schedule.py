"""The products of a build: the data package is written beside the casebook (`pipeline.schedule`)."""

from __future__ import annotations

import threading

import pytest

from pipeline.edition import ProductResult
from pipeline.schedule import write_products


def test_the_data_package_is_written_beside_the_next_product_and_waited_for_before_the_site():
    casebook_started = threading.Event()
    order: list[str] = []

    def data(tag: str) -> ProductResult:
        # Finishes only once the casebook has started: they run at the same time.
        assert casebook_started.wait(timeout=10), "the casebook did not start beside the data"
        order.append("data")
        return ProductResult(("data",))

    def casebook(tag: str) -> ProductResult:
        casebook_started.set()
        order.append("casebook")
        return ProductResult(("casebook.pdf",))

    def site(tag: str) -> ProductResult:
        order.append("site")
        return ProductResult(("site",))

    steps: list[str] = []
    products = [("the data package", data), ("the casebook", casebook), ("the web edition", site)]
    written = write_products(products, ("x",), steps.append)
    assert [w.names for w in written] == [("data",), ("casebook.pdf",), ("site",)]
    assert order[-1] == "site"  # after both others had finished
    assert steps == ["Writing the data package", "Writing the casebook", "Writing the web edition"]


def test_a_product_alone_runs_in_this_thread_and_errors_are_raised():
    def data(_tag: str) -> ProductResult:
        assert threading.current_thread() is threading.main_thread()
        return ProductResult(("data",))

    assert write_products([("the data package", data)], ("x",), lambda _s: None)[0].names == (
        "data",
    )

    def broken(_tag: str) -> ProductResult:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_products(
            [("the data package", broken), ("the casebook", data)], ("x",), lambda _s: None
        )
