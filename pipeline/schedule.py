"""How the products of a build are run: one after another, the data package beside.

In:  the products to write (label, function), in order, their arguments, and a function
     told each stage as it starts.
Out: what each product wrote, in the order given.

The data package reads nothing the other products write, and while the casebook is
rendered its own process mostly waits on its workers: so the data package is written in
a thread meanwhile (2 s at 200 cases), and waited for before the site, which copies
what the others wrote into its downloads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from pipeline.edition import ProductResult

BESIDE = frozenset({"the data package"})  # written in a thread beside the next products


def write_products(
    products: Sequence[tuple[str, Callable[..., ProductResult]]],
    args: tuple[Any, ...],
    step: Callable[[str], None],
) -> list[ProductResult]:
    """Call each product with `args`; their results in the order of `products`. A product
    in BESIDE runs in a thread beside the one after it (and is waited for before the
    next); any product's error is raised."""
    done: dict[str, ProductResult] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="product") as beside:
        pending: dict[str, Future[ProductResult]] = {}
        for index, (label, product) in enumerate(products):
            step(f"Writing {label}")
            if label in BESIDE and index < len(products) - 1:
                pending[label] = beside.submit(product, *args)
                continue
            done[label] = product(*args)
            # Waited for here: the products after the next one may copy what it wrote.
            done.update((name, future.result()) for name, future in pending.items())
            pending.clear()
    return [done[label] for label, _product in products]
