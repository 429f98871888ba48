"""The refusal codes a function can answer with, read from its source and from what it calls.

The schema's 4xx descriptions are built from this (`api.schema.refusals`), so the codes a client
reads are the codes the services raise, not a list typed again by hand that drifts;
`tests/api/test_refusal_codes.py` checks every operation's description against its view's own calls.

A refusal is a call of a `kernel.refusals.Refusal` subclass (or of one of the API's own
`APIException`s with a `default_code`). Names are resolved against the live modules, so a
module's global (`contacts = ContactRules(RegistrationError)`) and a function handed on as an
argument (`_register_rule(register.normalize_phone, text)`) are followed like a plain call.
A code is a string literal, a parameter given one at the call site or as its default, a key of a
table the function looks the code up in (`REFUSALS[state]`), or the `.code` of a refusal caught
from the calls of the `try`. Anything else raises `UnreadableRefusal`: a refusal nobody can
document is a bug in waiting.
"""

import ast
import functools
import inspect
import textwrap

from rest_framework.exceptions import APIException

from kernel.refusals import Refusal

# Only the project's own code is read; Django's and DRF's refusals are not `{"code", "detail"}` ones.
PROJECT_PACKAGES = {"api", "awards", "drives", "events", "kernel", "messaging", "registrations", "volunteers"}
# Deeper than any real chain of calls; stops a runaway walk.
MAX_DEPTH = 25


class UnreadableRefusal(Exception):
    """A refusal whose code cannot be read from the source."""


def refusal_codes(*callables):
    """{code: status} of every refusal the callables can raise, in the order the source names them."""
    found = {}
    for target in callables:
        for code, status in _Reader().codes_of(target, {}, depth=0):
            found.setdefault(code, status)
    return found


def _is_project(thing):
    module = getattr(inspect.unwrap(thing), "__module__", None) or ""
    return module.split(".")[0] in PROJECT_PACKAGES


def _is_refusal_class(thing):
    return inspect.isclass(thing) and (
        issubclass(thing, Refusal) or (issubclass(thing, APIException) and _is_project(thing))
    )


@functools.cache
def _tree(function):
    return ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]


class _Reader:
    def __init__(self):
        self.seen = set()

    def codes_of(self, target, bindings, *, depth):
        """The refusals of calling `target` with the arguments in `bindings` (name → value)."""
        function, bound_self = _function_and_self(target)
        if function is None or not _is_project(function) or depth > MAX_DEPTH:
            return []
        if bound_self is not None:
            bindings = {_first_parameter(function): bound_self, **bindings}
        key = (function, tuple(sorted((name, _identity(value)) for name, value in bindings.items())))
        if key in self.seen:
            return []
        self.seen.add(key)
        return _FunctionReader(self, function, bindings, depth).read()


def _identity(value):
    return value if isinstance(value, (str, int)) else id(value)


def _function_and_self(target):
    if inspect.ismethod(target):
        return target.__func__, target.__self__
    if inspect.isfunction(target):
        return inspect.unwrap(target), None
    return None, None


def _first_parameter(function):
    arguments = _tree(function).args
    positional = [*arguments.posonlyargs, *arguments.args]
    return positional[0].arg if positional else "self"


class _FunctionReader:
    def __init__(self, reader, function, bindings, depth):
        self.reader = reader
        self.function = function
        self.depth = depth
        self.node = _tree(function)
        self.bindings = {**_defaults(function), **bindings}
        self.handlers = {}  # `except X as name` → its try statement
        for statement in ast.walk(self.node):
            if isinstance(statement, ast.Try):
                for handler in statement.handlers:
                    if handler.name:
                        self.handlers[handler.name] = statement

    def read(self):
        codes = []
        for node in _walk_own(self.node):
            if isinstance(node, ast.Raise) and node.exc is not None and not isinstance(node.exc, ast.Call):
                raised = self.resolve(node.exc)
                if _is_refusal_class(raised) and issubclass(raised, APIException):
                    codes.append((raised.default_code, raised.status_code))
            elif isinstance(node, ast.Call):
                codes.extend(self.call(node))
        return codes

    def call(self, node):
        callee = self.resolve(node.func)
        if callee is None:
            return []
        if _is_refusal_class(callee):
            return self.refusal(callee, node)
        if inspect.isclass(callee):
            return []  # constructing a row or a value object refuses nothing
        arguments = self.arguments(callee, node)
        if _called_on_its_owner(callee, node):
            # `self.helper(...)` with `self` the view class: the helper's `self` is that class.
            arguments[_first_parameter(callee)] = self.resolve(node.func.value)
        return self.reader.codes_of(callee, arguments, depth=self.depth + 1)

    def refusal(self, refusal_class, node):
        if issubclass(refusal_class, APIException):
            return [(refusal_class.default_code, refusal_class.status_code)]
        if refusal_class is not Refusal and "__init__" in vars(refusal_class):
            # A subclass that fixes its own code (PersonChoiceNeeded): read its call of the parent.
            return _fixed_code(refusal_class)
        code_node = _argument(node, 0, "code")
        status_node = _argument(node, 2, "status")
        status = self.value(status_node) if status_node is not None else None
        code = self.value(code_node) if code_node is not None else None
        if isinstance(code, str):
            if not isinstance(status, int) and status_node is not None and isinstance(code_node, ast.Name):
                status = dict(self.table_keys(code_node.id) or {}).get(code)  # `_refuse("full")`: the table's
            return [(code, status if isinstance(status, int) else refusal_class.default_status)]
        if isinstance(code_node, ast.Attribute) and code_node.attr == "code" and code_node.value.id in self.handlers:
            return self.caught(code_node.value.id, status)
        if isinstance(code_node, ast.Name):
            looked_up = self.table_keys(code_node.id)
            if looked_up is not None:
                return looked_up
        raise UnreadableRefusal(
            f"{self.function.__module__}.{self.function.__qualname__}: the code of {refusal_class.__name__}"
            f"({ast.unparse(code_node) if code_node else ''}) is no literal, parameter, table key or caught code"
        )

    def caught(self, name, status):
        """A refusal re-raised under this app's class: the codes the `try` body's calls refuse with."""
        statement = self.handlers[name]
        codes = []
        for part in statement.body:
            for node in ast.walk(part):
                if isinstance(node, ast.Call):
                    codes.extend(self.call(node))
        return [(code, status if isinstance(status, int) else caught_status) for code, caught_status in codes]

    def table_keys(self, name):
        """`message, status = REFUSALS[state]`: the table's keys are the codes, its numbers the statuses."""
        for node in _walk_own(self.node):
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Name) and node.slice.id == name:
                table = self.resolve(node.value)
                if isinstance(table, dict):
                    return [(code, _status_in(entry)) for code, entry in table.items()]
        return None

    def arguments(self, callee, node):
        """The string and object values the call hands to the callee's parameters."""
        function, bound_self = _function_and_self(callee)
        if function is None:
            return {}
        arguments = _tree(function).args
        names = [argument.arg for argument in [*arguments.posonlyargs, *arguments.args]]
        if bound_self is not None or _called_on_its_owner(callee, node):
            names = names[1:]
        given = {}
        for name, argument in zip(names, node.args, strict=False):
            given[name] = self.value(argument)
        for keyword in node.keywords:
            if keyword.arg:
                given[keyword.arg] = self.value(keyword.value)
        return {name: value for name, value in given.items() if value is not None}

    def value(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self.resolve(node)
        return None

    def resolve(self, node):
        """The live object an expression names, or None when it is computed."""
        if isinstance(node, ast.Name):
            if node.id in self.bindings:
                return self.bindings[node.id]
            return self.function.__globals__.get(node.id)
        if isinstance(node, ast.Attribute):
            owner = self.resolve(node.value)
            if owner is None:
                return None
            try:
                return getattr(owner, node.attr)
            except Exception:  # noqa: BLE001 - a property that needs a real request: nothing to follow
                return None
        return None


def _called_on_its_owner(callee, node):
    return (inspect.isfunction(callee) and isinstance(node.func, ast.Attribute)
            and _first_parameter(callee) in ("self", "cls"))


def _walk_own(node):
    """The function's nodes, without those of functions defined inside it (they run when called)."""
    pending = list(ast.iter_child_nodes(node))
    while pending:
        child = pending.pop(0)
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            pending.extend(ast.iter_child_nodes(child))


def _defaults(function):
    parameters = inspect.signature(function).parameters.values()
    return {p.name: p.default for p in parameters if isinstance(p.default, str)}


def _argument(node, position, name):
    for keyword in node.keywords:
        if keyword.arg == name:
            return keyword.value
    return node.args[position] if len(node.args) > position else None


def _status_in(entry):
    values = entry if isinstance(entry, tuple) else (entry,)
    return next((value for value in values if isinstance(value, int) and not isinstance(value, bool)), 400)


@functools.cache
def _fixed_code(refusal_class):
    for node in ast.walk(_tree(refusal_class.__init__)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__"
                and node.args and isinstance(node.args[0], ast.Constant)):
            status = node.args[2].value if len(node.args) > 2 and isinstance(node.args[2], ast.Constant) else None
            return [(node.args[0].value, status or refusal_class.default_status)]
    raise UnreadableRefusal(f"{refusal_class.__qualname__}.__init__ names no code")
