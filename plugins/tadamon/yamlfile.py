"""YAML that reports its own mistakes with a line number, and builds only plain data.

The loader is PyYAML's safe loader with three changes:

- dates and times stay text (``2026-12-05`` is the string "2026-12-05"):
  PyYAML's timestamp constructor raises a bare ``ValueError`` on a typo such as
  month 13, and our field parsers (``tadamon.fields``) read every date in one
  place and say what is expected;
- a number it cannot build (``!!int x``, 5000 digits) is a syntax mistake on its
  line, not a ``ValueError``;
- the document is measured from its events before it is built: nesting depth,
  aliases, and the size once every alias is expanded are bounded, so that an
  alias bomb ("billion laughs") or a recursive alias is refused at once, and
  deep nesting never reaches libyaml's recursive composer (which crashes the
  interpreter at about 100,000 levels).

A key given twice in one mapping is refused too: PyYAML would keep the last
silently, and the editor would not see why their first value is ignored.
"""

import yaml

from tadamon.errors import Problem, _

try:
    _Base = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Base = yaml.SafeLoader

TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAX_DEPTH = 50  # levels of nesting; the contract's deepest is 4 (donate: - details: iban:)
MAX_ALIASES = 100
MAX_NODES = 100_000  # values in the document, every alias expanded

ALIAS_FIX = _("write each value out in full instead of repeating it with & and *")
NESTING_FIX = _("keep to the fields the content contract describes")
SYNTAX_FIX = _("check the indentation, the colons and the quotes on this line and the one before")


class Loader(_Base):
    """The safe loader, with dates left as text."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def _as_text(loader, node):
    return loader.construct_scalar(node)


def _checked(construct, what):
    def build(loader, node):
        try:
            return construct(loader, node)
        except (ValueError, TypeError, OverflowError):
            problem = f"{_short(node.value)!r} is not {what}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None

    return build


Loader.add_constructor(TIMESTAMP, _as_text)  # also an explicit !!timestamp
Loader.add_constructor("tag:yaml.org,2002:int", _checked(yaml.SafeLoader.construct_yaml_int, "a whole number"))
Loader.add_constructor("tag:yaml.org,2002:float", _checked(yaml.SafeLoader.construct_yaml_float, "a number"))


def _short(text, length=40):
    return text if len(text) <= length else text[: length - 1] + "…"


class YamlSyntaxError(Exception):
    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem


def load(text, file, first_line=1):
    """Return (data, {top-level key: line}); raise YamlSyntaxError on bad YAML.

    ``first_line`` is the line of the file on which ``text`` starts (front
    matter starts on line 2).
    """
    # Without an anchor (&) there are no aliases, and nesting deeper than MAX_DEPTH
    # needs as many [, {, - or ? (or indentation, which 2 MB of text cannot make deep
    # enough to hurt): most files skip measuring, a third of the time of loading them.
    if "&" in text or sum(map(text.count, "[{-?")) >= MAX_DEPTH:
        _measure(text, file, first_line)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_duplicate_keys(node, file, first_line)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + first_line if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        raise YamlSyntaxError(
            Problem(file, _("YAML syntax error: {reason}", reason=reason), line=line, fix=SYNTAX_FIX)
        ) from None
    finally:
        loader.dispose()
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            lines[str(key.value)] = key.start_mark.line + first_line
    return data, lines


def _measure(text, file, first_line):
    """Walk the document's events (libyaml's parser keeps its own stack: no
    recursion) and refuse it if it is too deep or its aliases expand too far."""
    loader = Loader(text)
    sizes = {}  # anchor -> values under it, expanded; None while it is still open
    open_ = []  # [anchor, values so far] of each collection being read
    aliases = 0

    def refuse(message, event, fix=ALIAS_FIX):
        raise YamlSyntaxError(Problem(file, message, line=event.start_mark.line + first_line, fix=fix))

    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_) >= MAX_DEPTH:
                    refuse(_("values are nested more than {depth} levels deep", depth=MAX_DEPTH), event, NESTING_FIX)
                if event.anchor is not None:
                    sizes[event.anchor] = None
                open_.append([event.anchor, 1])
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, size = open_.pop()
                if anchor is not None:
                    sizes[anchor] = size
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    refuse(_("more than {count} aliases (*name)", count=MAX_ALIASES), event)
                size = sizes.get(event.anchor, 1)
                if size is None:
                    refuse(_("the alias *{name} is used inside its own value", name=event.anchor), event)
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            else:
                continue
            if open_:
                open_[-1][1] += size
                if open_[-1][1] > MAX_NODES:
                    refuse(_("the aliases (*name) expand to more than {count} values", count=MAX_NODES), event)
    except yaml.YAMLError:
        return  # said with its line by the real load, which meets it too
    finally:
        loader.dispose()


def _refuse_duplicate_keys(node, file, first_line):
    seen_nodes = set()  # a node shared through an alias is checked once
    stack = [node]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes or isinstance(node, yaml.ScalarNode):
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
            continue
        keys = set()
        for key, value in node.value:
            stack.append(value)
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue
            if key.value in keys:
                raise YamlSyntaxError(
                    Problem(
                        file,
                        _("the key {key} is given twice in the same place", key=_short(key.value)),
                        line=key.start_mark.line + first_line,
                        fix=_("keep only one of them"),
                    )
                )
            keys.add(key.value)
