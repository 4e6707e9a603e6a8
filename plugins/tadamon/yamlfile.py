"""YAML that reports its own mistakes with a line number."""

import yaml

from tadamon.errors import Problem

try:
    Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    Loader = yaml.SafeLoader


class YamlSyntaxError(Exception):
    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem


def load(text, file, first_line=1):
    """Return (data, {top-level key: line}); raise YamlSyntaxError on bad YAML.

    ``first_line`` is the line of the file on which ``text`` starts (front
    matter starts on line 2).
    """
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + first_line if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        raise YamlSyntaxError(
            Problem(file, f"YAML syntax error: {reason} (check indentation, colons and quotes)", line=line)
        ) from None
    finally:
        loader.dispose()
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            lines[str(key.value)] = key.start_mark.line + first_line
    return data, lines
