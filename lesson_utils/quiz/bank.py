"""Question banks: the pydantic model of `data/quizzes/<quiz_id>.yaml`, and loading them.

The question kinds live in `kinds/`, one module each. With them, the models are the one description
of a bank: they validate a file on load, and their JSON
Schema (`python -m lesson_utils.quiz schema`) is published beside the banks so editors can
check a file as they type. Anything wrong raises `QuizError` naming file, question and field.
"""

from __future__ import annotations

import hashlib
import json
import re
import reprlib
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args

import yaml
from pydantic import ConfigDict, Field, ValidationError, model_validator

from lesson_utils import file_cache
from lesson_utils.quiz.kinds import KEY_FIELDS, KINDS, DataRef, QuestionBase, QuizError
from lesson_utils.quiz.kinds.base import Model, invalid, located
from lesson_utils.schemas import Slug, Text
from lesson_utils.sources import citations, question_source_ids
from lesson_utils.tables import data_dir, table_path

__all__ = [  # the kinds themselves are in lesson_utils.quiz.kinds
    "KEY_FIELDS", "QUESTION_TYPES", "SCHEMA_FILE", "Bank", "DataRef", "Question", "QuestionBase", "QuizError",
    "bank_path", "json_schema", "load_bank", "parse_bank", "quizzes_dir",
]  # fmt: skip

SCHEMA_FILE = "bank.schema.json"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when pyyaml was built with it: the same documents several times faster than the
pure-Python parser, and its errors are `yaml.YAMLError`s too. Every quiz notebook loads its bank."""


Question = Annotated[Union[KINDS], Field(discriminator="type")]  # noqa: UP007 (a tuple cannot use |)
QUESTION_TYPES = tuple(get_args(model.model_fields["type"].annotation)[0] for model in KINDS)


_WHOLE_KEY_SCHEMA = {"anyOf": [
    {"properties": {"questions": {"items": {"required": ["answer"]}}}},
    {"properties": {"mode": {"const": "assessment"}, "questions": {"items": {"not": {"required": ["answer"]}}}}},
]}  # fmt: skip
"""`Bank._key_whole` in JSON Schema: every question has its answer, or (in an assessment) none has."""


class Bank(Model):
    """One quiz: its questions and how it is run."""

    model_config = ConfigDict(json_schema_extra=_WHOLE_KEY_SCHEMA)

    id: Slug = Field(description="The file name without .yaml.")
    title: Text
    lesson: Text = Field(description="The lesson notebook this quiz goes with, e.g. 01_summit_participants.ipynb.")
    mode: Literal["practice", "assessment"] = Field(
        description="practice: feedback after each answer; assessment: nothing shown until hand-in."
    )
    instructions: Text | None = None
    shuffle_questions: bool = True
    reveal_after: Annotated[int, Field(ge=1, le=10)] = Field(
        1,
        description="Practice: how many wrong attempts before the explanation (which gives the answer away) is "
        "shown, so a retry and a hint still teach something. A right answer always shows it.",
    )
    questions: Annotated[list[Question], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids_unique(self) -> Bank:
        seen: set[str] = set()
        for question in self.questions:
            if question.id in seen:
                raise invalid("id", "this id is used by more than one question", question_id=question.id)
            seen.add(question.id)
        return self

    @model_validator(mode="after")
    def _key_whole(self) -> Bank:
        """The key is all there or all left out: a practice quiz tells whether each answer is right at
        once, so it needs it; a student copy of an assessment has none, and half a key is a mistake."""
        without = [q.id for q in self.questions if not q.has_answer]
        if without and self.mode == "practice":
            raise invalid(
                "answer", "Field required (a practice quiz tells whether each answer is right)", question_id=without[0]
            )
        if without and len(without) < len(self.questions):
            raise invalid(
                "answer",
                "Field required (other questions have their answers: a bank has the whole "
                "answer key, or none in a student copy)",
                question_id=without[0],
            )
        return self

    @property
    def has_key(self) -> bool:
        """Whether answers can be checked here; false in a student copy, which the teacher's gradebook marks."""
        return all(q.has_answer for q in self.questions)

    def question(self, question_id: str) -> QuestionBase:
        """The question with this id; KeyError names the bank if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"quiz '{self.id}' has no question '{question_id}'")

    @property
    def version(self) -> str:
        """A hash of the bank's content (not its layout), stored with every answer and hand-in.

        What a question with its answer derives from it (`WITHOUT_ANSWER`) is left out: it adds
        nothing, and leaving it out keeps the versions hand-ins carried before those fields existed."""
        derived = {n: set(q.WITHOUT_ANSWER) for n, q in enumerate(self.questions) if q.has_answer and q.WITHOUT_ANSWER}
        content = self.model_dump(mode="json", exclude={"questions": derived})
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @property
    def max_points(self) -> int:
        return sum(q.points for q in self.questions)


def quizzes_dir() -> Path:
    """`quizzes/` in the data folder, so LESSON_DATA_DIR and installed copies work alike."""
    return data_dir() / "quizzes"


def bank_path(quiz_id_or_path: str | Path) -> Path:
    """A quiz id names `<quizzes_dir>/<id>.yaml`; anything that looks like a path is used as is."""
    text = str(quiz_id_or_path)
    if isinstance(quiz_id_or_path, Path) or text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        return Path(quiz_id_or_path)
    return quizzes_dir() / f"{text}.yaml"


def load_bank(quiz_id_or_path: str | Path) -> Bank:
    """Read and validate a bank; every source id it names must resolve in data/sources.csv.

    Read once per version of the bank's file and of sources.csv (see `file_cache`), so a teacher's
    tools that ask for a bank many times parse it once; the Bank is shared, and its models are frozen.
    """
    path = bank_path(quiz_id_or_path)
    try:
        versions = file_cache.version(path), file_cache.version(table_path("sources"))
    except FileNotFoundError:
        return _load_bank(path)  # raises the loader's own error, naming what is missing
    return _load_cached(path, *versions)


@lru_cache(maxsize=32)
def _load_cached(path: Path, *versions: file_cache.FileVersion) -> Bank:
    return _load_bank(path)  # the path as given, so error messages name it as the caller did


def _load_bank(path: Path) -> Bank:
    try:
        text = path.read_text(encoding="utf-8")
        loader = YAML_LOADER(text)
        try:
            node = loader.get_single_node()  # parsed once: checked as nodes, then built into Python
            _check_yaml(node, path)
            raw = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except FileNotFoundError:
        known = ", ".join(sorted(p.stem for p in path.parent.glob("*.yaml"))) or "none"
        raise QuizError(f"no such bank (banks in {path.parent}: {known})", file=path) from None
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise QuizError(f"not valid UTF-8 (line {line}): save the file as UTF-8", file=path) from None
    except yaml.YAMLError as error:
        raise QuizError(f"not valid YAML: {error}", file=path) from None
    except RecursionError:
        raise QuizError("nested too deeply to be a quiz bank", file=path) from None
    bank = parse_bank(raw, path)
    known = citations()
    for question in bank.questions:
        for source_id in question_source_ids(question):
            if source_id not in known:
                raise QuizError(
                    f"{source_id!r} is not an id in data/sources.csv",
                    file=path,
                    question_id=question.id,
                    field="source_id",
                )
    return bank


def parse_bank(raw: Any, file: Path | str | None = None) -> Bank:
    """Validate already-parsed YAML; when it comes from a file, the file name must be the bank id."""
    if not isinstance(raw, dict):
        raise QuizError("a bank must be a mapping with id, title, lesson, mode and questions", file=file)
    try:
        bank = Bank.model_validate(raw)
    except ValidationError as error:
        raise _quiz_error(error, raw, file) from None
    if file is not None and bank.id != Path(file).stem:
        raise QuizError(f"id {bank.id!r} must match the file name {Path(file).stem!r}", file=file, field="id")
    return bank


def _quiz_error(error: ValidationError, raw: dict, file: Path | str | None) -> QuizError:
    """Translate pydantic's errors into file / question id / field; the first one locates the error."""
    found = [
        _locate(detail, raw) for detail in error.errors() if detail["type"] != "default_factory_not_called"
    ]  # a default taken from a field that failed
    (question_id, field, message), rest = found[0], found[1:]
    if rest:
        others = "; ".join(located(m, None, q, f) for q, f, m in rest)
        message += f" (and {len(rest)} more: {others})"
    return QuizError(message, file=file, question_id=question_id, field=field)


def _locate(detail: dict, raw: dict) -> tuple[str | None, str | None, str]:
    loc = list(detail["loc"])
    ctx = detail.get("ctx") or {}
    question_id = ctx.get("question_id")
    if loc[:1] == ["questions"] and len(loc) > 1 and isinstance(loc[1], int):
        questions = raw.get("questions") or []
        item = questions[loc[1]] if loc[1] < len(questions) else None
        named = isinstance(item, dict) and item.get("id")
        question_id = question_id or (str(item["id"]) if named else f"#{loc[1] + 1}")
        loc = loc[2:]
        if loc and loc[0] in QUESTION_TYPES:  # the discriminator's tag, not a field
            loc = loc[1:]
    if detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return question_id, "type", f"must be one of: {', '.join(QUESTION_TYPES)}"
    field = ctx.get("field") or ".".join(str(part) for part in loc) or None
    message = ctx.get("message") or detail["msg"]
    if detail["type"] != "bank_field" and "input" in detail and detail["type"] != "missing":
        message += f" (got {_short(detail['input'])})"
    return question_id, field, message


_REPR = reprlib.Repr()  # shows a bad value in an error without walking all of it (an alias bomb stays quick)
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 50, 50


def _short(value: Any) -> str:
    text = _REPR.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


MAX_YAML_NODES = 50_000
"""Far more than any bank holds (the largest has about 1,000): beyond it, aliases are expanding a bomb."""


_PLAIN = {
    "tag:yaml.org,2002:int": re.compile(r"[-+]?(0|[1-9][0-9]*)"),
    "tag:yaml.org,2002:float": re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?"),
    "tag:yaml.org,2002:bool": re.compile(r"true|false", re.IGNORECASE),
}
"""How a number or yes/no reads in YAML 1.2 and to any reader. YAML 1.1 (pyyaml) also reads `03700`
as octal 1984, `1:20` as 80, `1_000` as 1000 and `no` or `on` as booleans: those are refused."""


def _misread(node: yaml.ScalarNode, path: Path) -> QuizError | None:
    """An error if YAML 1.1 would silently read this unquoted scalar as something else than it looks."""
    pattern = _PLAIN.get(node.tag)
    if node.style or pattern is None or pattern.fullmatch(node.value):  # style: None or "" when unquoted
        return None
    value = yaml.safe_load(node.value)
    return QuizError(
        f"line {node.start_mark.line + 1}: {node.value!r} is read by YAML as {value!r}. Write the value "
        f"plainly (a number without leading zeros, true or false), or quote it if it is text",
        file=path,
    )


def _check_yaml(root: yaml.Node | None, path: Path) -> None:
    """Refuse what YAML would accept silently: a key given twice in one mapping (the second wins, so a
    second `questions:` would drop the first list), scalars YAML 1.1 misreads (`03700` as 1984), and
    aliases (`*name`) that expand past any real bank."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        sizes[id(node)] = 1  # a node that contains itself counts once
        total = 1
        if isinstance(node, yaml.ScalarNode) and (error := _misread(node, path)):
            raise error
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1
                    if key.value in seen:
                        raise QuizError(
                            f"'{key.value}' is given twice in one mapping (lines {seen[key.value]} and "
                            f"{line}): YAML would silently keep only the second",
                            file=path,
                            field=key.value,
                        )
                    seen[key.value] = line
                total += size(key) + size(value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        if total > MAX_YAML_NODES:
            raise QuizError(
                f"the bank expands to over {MAX_YAML_NODES:,} items once its YAML aliases (*name) are "
                "followed: write the questions out instead",
                file=path,
            )
        sizes[id(node)] = total
        return total

    if root is not None:
        size(root)


def json_schema() -> dict:
    """The bank JSON Schema, as published in data/quizzes/bank.schema.json."""
    schema = Bank.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": "Quiz bank"}
