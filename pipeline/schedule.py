"""How the products of a build are run: one after another, the data package beside.

In:  the products to write (label, function or "module:function"), in order, their
     arguments, and a function told each stage as it starts.
Out: what each product wrote, in the order given.

The data package reads nothing the other products write, and while the casebook is
rendered its own process mostly waits on its workers: so the data package is written in
a thread meanwhile (2 s at 200 cases), and waited for before the site, which copies
what the others wrote into its downloads.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from pipeline.edition import ProductResult

BESIDE = frozenset({"the data package"})  # written in a thread beside the next products


def _loaded(product: Callable[..., ProductResult] | str) -> Callable[..., ProductResult]:
    """A product named "module:function", imported; a function as it is."""
    if not isinstance(product, str):
        return product
    module, _, name = product.partition(":")
    found: Callable[..., ProductResult] = getattr(importlib.import_module(module), name)
    return found


def write_products(
    products: Sequence[tuple[str, Callable[..., ProductResult] | str]],
    args: tuple[Any, ...],
    step: Callable[[str], None],
) -> list[ProductResult]:
    """Call each product (a function, or named "module:function") with `args`; their
    results in the order of `products`. A product in BESIDE runs in a thread beside the
    one after it (and is waited for before the next); any product's error is raised."""
    # Every product is imported here, before any runs: so none is imported in the thread
    # beside while the next one imports its own (both would wait on the same modules'
    # import locks), and a product that fails to import fails before any has written.
    loaded = [(label, _loaded(product)) for label, product in products]
    done: dict[str, ProductResult] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="product") as beside:
        pending: dict[str, Future[ProductResult]] = {}
        for index, (label, product) in enumerate(loaded):
            step(f"Writing {label}")
            if label in BESIDE and index < len(loaded) - 1:
                pending[label] = beside.submit(product, *args)
                continue
            done[label] = product(*args)
            # Waited for here: the products after the next one may copy what it wrote.
            done.update((name, future.result()) for name, future in pending.items())
            pending.clear()
    return [done[label] for label, _product in loaded]
