"""The Textual study app."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial, wraps
from importlib import import_module
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

P = ParamSpec("P")


class AppPart(Protocol):
    """A part of the app, on the screen or not: it knows the app it belongs to."""

    @property
    def app(self) -> App[Any]:
        """The app this part belongs to."""
        ...


Part = TypeVar("Part", bound=AppPart)


# The group of the workers that store what the learner gave: leaving waits for them, so that the
# session's summary holds every answer.
SAVING = "saving"


def in_thread(
    group: str = "tutor",
) -> Callable[[Callable[Concatenate[Part, P], None]], Callable[Concatenate[Part, P], Worker[None]]]:
    """Run a method in one of the app's thread workers, named after the method and in `group`,
    as Textual's `@work(thread=True)` runs a widget's in the widget's own.

    For the parts of the app that are not on the screen, and for screens whose work must outlive
    them (a dialog that saves, then closes): the app's worker reports a failure where the app
    says so, as a worker's state changes are told to its own node only."""

    def decorate(
        method: Callable[Concatenate[Part, P], None],
    ) -> Callable[Concatenate[Part, P], Worker[None]]:
        @wraps(method)
        def run(self: Part, *args: P.args, **kwargs: P.kwargs) -> Worker[None]:
            return self.app.run_worker(
                partial(method, self, *args, **kwargs),
                name=method.__name__,
                group=group,
                thread=True,
                exit_on_error=False,
            )

        return run

    return decorate


def lazy_names(package: str, modules: Mapping[str, str]) -> Callable[[str], Any]:
    """A package's `__getattr__` that imports each name's module (`modules[name]`, inside the
    package) when the name is first asked for: the app's first paint imports none of them."""

    def load(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return load
