"""Verify: evidence that a submission did not fake its own results.

The student's code runs in the kernel that runs the tests, so no check inside the
kernel is beyond its reach. The grader therefore keeps its evidence outside, and
compares:

1. **Before execution, outside the kernel** (``scan``): the cells the student
   wrote are parsed, never run, and searched for what faking a result needs and
   no answer in this course does: reaching IPython's or the kernel's machinery
   (``get_ipython``, transformers, ``sys.excepthook``, ``builtins``, frames,
   ``exec``), assigning attributes of modules or of the course's helpers,
   redefining a name the lesson defines and the tests use, or touching an object
   the tests read measurements from (an ``InFlight``) where the reference
   answer does not.
2. **Around every cell the student's code runs in** (the solution cells and the
   test cells after them), the grader runs a probe (``PROBE``) whose answer
   carries a per-run secret: fingerprints (identity of every function and class,
   and of the code objects behind them) of IPython's shell and kernel, the
   transformers, ``sys`` hooks, ``builtins``, and the modules tests rely on
   (``WATCHED``), and the seals of every ``InFlight`` in the notebook's
   namespace (``tornado_course.probes``). A probe that does not answer as
   written, or a fingerprint that changed during such a cell, means the cell
   changed the machinery the tests stand on.
3. **The execution reply**: a graded cell whose reply says it raised scores
   zero, whatever its displayed outputs say (``execute``).

A finding costs the graded cells from the one where it was seen onwards, and is
named in the summary, grades.csv and the feedback ("tampering suspected: ...").
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

# Modules whose functions and classes the tests and the kernel's execution path stand on.
WATCHED = ("tornado_course", "tornado", "asyncio", "IPython", "ipykernel", "jupyter_client", "traceback", "json",
           "time", "builtins", "sys", "inspect", "contextlib", "functools")

PROBE = r'''
def __grader_probe(marker, detail, measured_names):
    import builtins, json, sys, types
    from IPython.core.interactiveshell import InteractiveShell
    from tornado_course import probes
    shell = InteractiveShell._instance
    kernel = getattr(shell, "kernel", None)
    routines = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.WrapperDescriptorType,
                types.MethodDescriptorType, types.MethodWrapperType, type)

    def ident(obj):  # identity of an object and of the code behind it, as an int (fast: thousands per probe)
        if isinstance(obj, (list, tuple)):
            return hash(tuple(ident(o) for o in obj))
        if isinstance(obj, property):
            return hash((ident(obj.fget), ident(obj.fset), 1))
        if isinstance(obj, (classmethod, staticmethod)):
            return hash((ident(obj.__func__), 2))
        if isinstance(obj, types.MethodType):  # made anew at each access: what it calls, on what kind of object
            return hash((ident(obj.__func__), id(type(obj.__self__)), 3))
        return hash((id(obj), id(getattr(obj, "__code__", None))))

    groups = {}
    def instance(group, obj):
        entries = groups.setdefault(group, {"type": ident(type(obj))})
        for key, value in vars(obj).items() if hasattr(obj, "__dict__") else ():
            if isinstance(value, routines) or (isinstance(value, (list, tuple)) and value
                                               and all(callable(v) for v in value)):
                entries[key] = ident(value)

    instance("the IPython shell", shell)
    for name in ("input_transformers_cleanup", "input_transformers_post", "ast_transformers", "custom_exceptions"):
        groups["the IPython shell"][name] = ident(list(getattr(shell, name)))
    for name in ("InteractiveTB", "SyntaxTB", "displayhook", "display_pub", "compile", "input_transformer_manager",
                 "events", "CustomTB"):
        if getattr(shell, name, None) is not None:
            instance("the IPython shell's " + name, getattr(shell, name))
    groups["the IPython shell's events"]["callbacks"] = ident(
        [cb for event in sorted(shell.events.callbacks) for cb in shell.events.callbacks[event]])
    if kernel is not None:
        instance("the kernel", kernel)
        instance("the kernel's session", kernel.session)
        groups["the kernel"]["shell_handlers"] = ident([kernel.shell_handlers[k] for k in sorted(kernel.shell_handlers)])
    groups["sys hooks"] = {name: ident(getattr(sys, name, None)) for name in
                           ("excepthook", "displayhook", "breakpointhook", "unraisablehook", "audit")}
    groups["sys hooks"].update(trace=ident(sys.gettrace()), profile=ident(sys.getprofile()),
                               stdout=ident(sys.stdout), stderr=ident(sys.stderr), modules=ident(sys.modules),
                               meta_path=ident(list(sys.meta_path)), path_hooks=ident(list(sys.path_hooks)))
    for name, module in list(sys.modules.items()):
        if not isinstance(module, types.ModuleType) or name.split(".")[0] not in WATCHED:
            continue
        entries = groups.setdefault("module " + name, {"module": ident(module)})
        for key, value in list(vars(module).items()):
            if isinstance(value, routines) and not key.startswith(("__", "last_")):  # sys.last_type: data
                entries[key] = ident(value)
                if isinstance(value, type) and getattr(value, "__module__", None) == name:
                    for attr, member in list(vars(value).items()):
                        if isinstance(member, routines + (property, classmethod, staticmethod)):
                            entries[key + "." + attr] = ident(member)
    digests = {g: hash(frozenset(e.items())) for g, e in groups.items()}

    measures, bound = {}, {}
    user = {k: v for k, v in shell.user_ns.items() if not k.startswith("_")}
    def measure(path, value):
        if isinstance(value, probes.InFlight):
            measures[path] = ("a subclass of InFlight" if type(value) is not probes.InFlight
                              else "ok" if probes.sealed(value) else "rewritten")
    for name, value in user.items():
        measure(name, value)
        if isinstance(value, probes.InFlight):
            bound[name] = "InFlight"
        elif not isinstance(value, (type, types.ModuleType, types.FunctionType)) and hasattr(value, "__dict__"):
            try:
                for attr, inner in list(vars(value).items()):
                    measure(name + "." + attr, inner)
            except TypeError:
                pass
    for name in measured_names:
        if name not in bound and name in user:
            bound[name] = type(user[name]).__name__
    helpers = {name: ident(value) for name, value in user.items()  # the course's helpers the notebook imported
               if isinstance(value, routines) and str(getattr(value, "__module__", "")).split(".")[0] == "tornado_course"}
    print(marker + json.dumps({"digests": digests, "detail": {g: groups[g] for g in (groups if detail is True else detail) if g in groups},
                               "measures": measures, "bound": bound, "helpers": helpers}))
'''


def probe_source(marker: str, detail: list[str] | bool = (), measured_names: list[str] = ()) -> str:
    """The code of one probe: defines the probe, calls it, and leaves nothing behind in the namespace.
    ``detail``: the groups whose every entry it reports (True: all), not only their digest."""
    return (PROBE.replace("WATCHED", repr(WATCHED))
            + f"\n__grader_probe({marker!r}, {detail if detail is True else list(detail)!r}, {list(measured_names)!r})"
            + "\ndel __grader_probe\n")


def read_probe(outputs: list, marker: str) -> dict | None:
    """The probe's answer from its cell's outputs, or None if it did not answer as written."""
    for output in outputs:
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            for line in output.get("text", "").splitlines():
                if line.startswith(marker):
                    try:
                        return json.loads(line[len(marker):])
                    except ValueError:
                        return None
    return None


@dataclass
class Finding:
    cell: int    # index of the cell in which it was seen
    reason: str  # for an instructor: what was changed, or what the code reaches for


class Fingerprints:
    """What the probes saw, kept by the grader: the current digests, and the detail of each group seen at start."""

    def __init__(self, first: dict, required: set[str] = frozenset()):
        self.digests = first["digests"]
        self.detail = first.get("detail", {})
        self.bound = first["bound"]
        self.helpers = first.get("helpers", {})  # name -> identity of a course helper the notebook imported
        self.required = set(required)  # names that must hold an InFlight once bound (the answers' measurements)

    def changed(self, after: dict) -> list[str]:
        """Groups present before whose fingerprint differs now."""
        return sorted(g for g, d in after["digests"].items() if g in self.digests and self.digests[g] != d)

    def describe(self, group: str, now: dict | None) -> str:
        before = self.detail.get(group)
        if before is None or now is None:
            return f"{group} was changed"
        keys = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
        return f"{group} was changed ({', '.join(keys[:6])}{', ...' if len(keys) > 6 else ''})"

    def accept(self, after: dict, detail: dict | None = None) -> None:
        """Take ``after`` (and the ``detail`` of its changed groups) as the new normal."""
        self.digests = {**self.digests, **after["digests"]}
        self.detail.update(after.get("detail", {}))
        self.detail.update(detail or {})
        self.bound = after["bound"]
        self.helpers = after.get("helpers", {})

    def measurement_problems(self, after: dict) -> list[str]:
        problems = [f"the measurement object `{path}` is {state}" for path, state in sorted(after["measures"].items())
                    if state != "ok"]
        problems += [f"the measurement object `{name}` (an InFlight) was replaced by a {kind}"
                     for name, kind in sorted(after["bound"].items())
                     if (self.bound.get(name) == "InFlight" or name in self.required) and kind != "InFlight"]
        problems += [f"the course helper `{name}` was replaced or removed" for name, ident in sorted(self.helpers.items())
                     if after.get("helpers", {}).get(name) != ident]
        return problems


# ---------------------------------------------------------------------------------------------------------------
# The static scan: the student's cells, parsed outside the kernel.

MACHINERY_NAMES = {"get_ipython", "__builtins__", "__import__", "exec", "eval", "compile", "globals", "breakpoint",
                   "__build_class__", "__loader__", "__spec__"}
MACHINERY_MODULES = {"builtins", "ctypes", "gc", "importlib", "IPython", "ipykernel", "nbgrader", "nbclient",
                     "nbformat", "jupyter_client", "zmq", "cffi", "marshal", "code", "codeop", "pdb", "bdb",
                     "faulthandler", "site", "runpy", "dis", "unittest"}
MACHINERY_ATTRIBUTES = {"f_globals", "f_locals", "f_back", "f_builtins", "f_code", "gi_frame", "cr_frame", "ag_frame",
                        "tb_frame", "tb_next", "__code__", "__globals__", "__closure__", "__dict__", "__class__",
                        "__bases__", "__subclasses__", "__mro__", "__setattr__", "__delattr__", "__getattribute__",
                        "__builtins__", "__func__", "__self__", "co_code", "co_consts", "user_ns", "user_global_ns",
                        "input_transformers_cleanup", "input_transformers_post", "ast_transformers",
                        "input_transformer_manager", "showtraceback", "_showtraceback", "showsyntaxerror",
                        "set_custom_exc", "custom_exceptions", "excepthook", "displayhook", "run_cell",
                        "run_cell_async", "run_ast_nodes", "run_code", "transform_cell", "settrace", "setprofile",
                        "_getframe", "currentframe", "modules", "meta_path", "path_hooks", "register_magic_function",
                        "_current_frames", "__wrapped__", "unsetenv", "putenv"}
ALLOWED_MAGICS = {"time", "timeit", "who", "whos"}
CONTEXT_DUNDERS = {"__enter__", "__exit__", "__aenter__", "__aexit__"}
MEASURING = {"InFlight"}  # the course helpers whose instances the tests read measurements from


def _python(source: str) -> tuple[str, list[str]]:
    """The cell as Python, with the magics it may use removed; and the magics it may not."""
    lines, refused = [], []
    for line in source.splitlines():
        stripped = line.lstrip()
        magic = re.match(r"^(%%?|!)\s*(\w*)", stripped)
        if magic and not (magic.group(1) != "!" and magic.group(2) in ALLOWED_MAGICS):
            refused.append(stripped.split()[0])
            lines.append("")
        elif magic:
            lines.append(line[: len(line) - len(stripped)] + stripped[len(magic.group(0)):])
        else:
            lines.append(line)
    return "\n".join(lines), refused


def _parse(source: str):
    try:
        return ast.parse(_python(source)[0])
    except SyntaxError:
        return None


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node


def _bound_names(tree) -> set[str]:
    """Global names a cell binds: at its top level (def, class, assignment, import, for, with, ...), not inside
    a function or class body."""
    names, todo = set(), list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.add(child.id)
            elif not isinstance(child, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                todo.append(child)
    names.update(name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names)
    return {name for name in names if name != "_"}


def _read_names(tree) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add("." + node.attr)
    return found


def _measuring(tree) -> set[str]:
    """Names (and ".attributes") a cell binds to a new measurement object (``InFlight()``)."""
    found = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name) and node.value.func.id in MEASURING):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.add(target.id)
                elif isinstance(target, ast.Attribute):
                    found.add("." + target.attr)
    return found


def _binds_package(path: str, bound: str) -> bool:
    """``import tornado.gen`` binds ``tornado``, the same package as the course's ``import tornado.web``."""
    return path == bound or path.startswith(bound + ".")


def _imports(tree) -> set[tuple[str, str]]:
    pairs = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            pairs.update((a.name, a.asname or a.name.split(".")[0]) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            pairs.update((f"{node.module}.{a.name}", a.asname or a.name) for a in node.names)
    return pairs


@dataclass
class LessonFacts:
    """What the scan needs to know of a lesson, read from its reference and released notebooks."""
    course_sources: set[str]      # code cells as released: the course's own code, not the student's
    modules: set[str]             # names the course's imports bind (modules, classes, functions)
    helpers: set[str]             # names the course imported from tornado_course
    protected: set[str]           # names the course defines and the tests read, which no answer redefines
    measuring: set[str]           # names and attributes bound to InFlight objects by the course
    reference_reads: set[str]     # names and attributes the reference answers use
    course_imports: set[tuple[str, str]]
    answer_measures: set[str]     # names the reference answers bind to an InFlight: an answer's must be one too

    @classmethod
    def of(cls, released: dict, reference: dict) -> "LessonFacts":
        def code(nb):
            return [c for c in nb["cells"] if c.get("cell_type") == "code"]

        def kind(cell):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            return "solution" if meta.get("solution") else "test" if meta.get("grade") else "course"

        def src(cell):
            s = cell.get("source", "")
            return "".join(s) if isinstance(s, list) else s

        trees = [(kind(c), _parse(src(c))) for c in code(reference)]
        course = [t for k, t in trees if k == "course" and t is not None]
        tests = [t for k, t in trees if k == "test" and t is not None]
        answers = [t for k, t in trees if k == "solution" and t is not None]
        helpers, imports = set(), set()
        for tree in course + tests:
            imports |= _imports(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tornado_course":
                    helpers.update(a.asname or a.name for a in node.names)
        measuring = set().union(*(_measuring(t) for t in course + tests))
        answer_measures = {n for t in answers for n in _measuring(t) if not n.startswith(".")}
        reference_reads = set().union(*(_read_names(t) for t in answers)) if answers else set()
        reference_binds = set().union(*(_bound_names(t) for t in answers)) if answers else set()
        # what the tests take from the lesson: the names a test cell reads without binding them itself
        test_reads = set().union(*(_read_names(t) - _bound_names(t) for t in tests)) if tests else set()
        course_binds = set().union(*(_bound_names(t) for t in course)) if course else set()
        protected = (course_binds & test_reads) - reference_binds
        modules = {bound for _, bound in imports}
        return cls({src(c).strip() for c in code(released)}, modules, helpers | MEASURING, protected,
                   measuring, reference_reads, imports, answer_measures)


def scan_cell(source: str, facts: LessonFacts) -> list[str]:
    """Why this cell of the student's looks like it reaches for the grading machinery (empty: it does not)."""
    python, magics = _python(source)
    reasons = [f"uses the magic or shell command {m!r}" for m in magics]
    try:
        tree = ast.parse(python)
    except SyntaxError:
        return reasons  # it cannot run either: its tests fail on their own
    student_imports = _imports(tree)
    modules = set(facts.modules) | {bound for _, bound in student_imports}  # anything imported: modules, classes

    def say(reason):
        if reason not in reasons:
            reasons.append(reason)

    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in MACHINERY_NAMES:
            say(f"uses `{node.id}`")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name.split(".")[0] in MACHINERY_MODULES:
                    say(f"imports `{name}`")
            if isinstance(node, ast.ImportFrom) and node.level:
                say("uses a relative import")
        elif isinstance(node, ast.Attribute) and node.attr in MACHINERY_ATTRIBUTES:
            say(f"uses `.{node.attr}`")
        elif (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
              and isinstance(node.value, ast.Name) and (node.value.id in facts.helpers
                                                        or node.value.id in facts.measuring)):
            say(f"uses `{node.value.id}.{node.attr}`, a private part of a course helper")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                root = _root(target)
                if target is not root and isinstance(root, ast.Name) and (root.id in modules or root.id in facts.helpers):
                    say(f"assigns an attribute of `{root.id}` (a module or a course helper)")
                elif target is not root and isinstance(root, ast.Call) and getattr(root.func, "id", None) == "type":
                    say("assigns an attribute of a class through `type(...)`")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"setattr", "delattr", "getattr"}:
            first = _root(node.args[0]) if node.args else None
            if isinstance(first, ast.Name) and (first.id in modules or first.id in facts.helpers):
                say(f"uses `{node.func.id}` on `{first.id}` (a module or a course helper)")
            elif node.func.id != "getattr" and isinstance(first, ast.Call):
                say(f"uses `{node.func.id}` on a class")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CONTEXT_DUNDERS
              and isinstance(_root(node.func.value), ast.Name) and (_root(node.func.value).id in facts.measuring)):
            say(f"calls `{_root(node.func.value).id}.{node.func.attr}` by hand")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "NBGRADER" in node.value.upper():
            say("names nbgrader's grading switch (the NBGRADER_EXECUTION variable)")
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                if isinstance(base, ast.Name) and base.id in MEASURING:
                    say(f"subclasses `{base.id}`, which the tests read measurements from")
    reads = _read_names(tree)
    for name in sorted((reads & facts.measuring) - facts.reference_reads):
        say(f"uses `{name.lstrip('.')}`, which the tests read their measurements from")
    for name in sorted(_bound_names(tree) & facts.protected):
        same_import = any(bound == name and ((path, bound) in facts.course_imports
                                             or (_binds_package(path, bound) and any(
                                                 b == name and _binds_package(p, b) for p, b in facts.course_imports)))
                          for path, bound in student_imports)
        if not same_import:
            say(f"redefines `{name}`, which the lesson defines and its tests use")
    return reasons


def scan(cells: list[dict], facts: LessonFacts) -> list[Finding]:
    """Findings for every code cell the student wrote or changed (cells as released are the course's)."""
    findings = []
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or (meta.get("grade") and not meta.get("solution")):
            continue  # test cells are restored from the gradebook before they run
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if source.strip() in facts.course_sources:
            continue
        findings += [Finding(index, reason) for reason in scan_cell(source, facts)]
    return findings
