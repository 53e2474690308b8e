"""Event taxonomy, the numpy classifier head (synthetic weights and the bundled model) and classify_jsonl."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from frontwatch.errors import Code, InputError, ModelError
from frontwatch.pipeline.extract import labels as L
from frontwatch.pipeline.extract.classifier import (
    FORMAT_VERSION,
    EventClassifier,
    Prediction,
    classify_jsonl,
    hashed_features,
    ngrams,
)

DATA = Path(__file__).resolve().parents[3] / "src" / "frontwatch" / "data" / "events"


# -- taxonomy ------------------------------------------------------------------------------------------------


def test_labels_acled_taxonomy_sizes() -> None:
    assert len(L.EVENT_TYPES) == 6
    assert len(L.SUB_EVENT_TYPES) == 25
    assert set(L.SUB_EVENT_TYPES.values()) == set(L.EVENT_TYPES)
    assert len(L.LABELS) == len(set(L.LABELS)) == 31


@pytest.mark.parametrize(
    ("sub", "event"),
    [
        ("Armed clash", "Battles"),
        ("Air/drone strike", "Explosions/Remote violence"),
        ("Remote explosive/landmine/IED", "Explosions/Remote violence"),
        ("Abduction/forced disappearance", "Violence against civilians"),
        ("Excessive force against protesters", "Protests"),
        ("Mob violence", "Riots"),
        ("Headquarters or base established", "Strategic developments"),
    ],
)
def test_labels_event_type_of_acled(sub: str, event: str) -> None:
    assert L.event_type_of(sub) == event


@pytest.mark.parametrize("label", [*L.EXTRA_LABELS, L.NO_EVENT, "nonsense"])
def test_labels_event_type_of_non_acled_is_none(label: str) -> None:
    assert L.event_type_of(label) is None


def test_labels_case_codes_cover_all_labels_but_no_event() -> None:
    assert len(L.CASE_CODES) == 30
    assert set(L.CASE_CODES.values()) == set(L.LABELS) - {L.NO_EVENT}
    assert len(L.ACLED_CASE_CODES) == 25
    assert L.CASE_CODES["ART_MISS_ATTACK"] == "Shelling/artillery/missile attack"
    assert L.LABEL_TO_CASE["Claim of responsibility"] == "ATTRIB"


# -- head with synthetic weights -----------------------------------------------------------------------------


def _model(favour: str, **extra: Any) -> EventClassifier:
    n = len(L.LABELS)
    bias = np.zeros(n, dtype=np.float32)
    bias[L.LABELS.index(favour)] = 5.0
    arrays: dict[str, Any] = {"W0": np.zeros((384, n), dtype=np.float32), "b0": bias}
    meta: dict[str, Any] = {"format_version": FORMAT_VERSION, "labels": list(L.LABELS), "layers": 1}
    arrays.update(extra.pop("arrays", {}))
    meta.update(extra)
    return EventClassifier(arrays, meta)


def _unit(n: int, seed: int = 0) -> np.ndarray[Any, Any]:
    v = np.random.default_rng(seed).normal(size=(n, 384)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize(
    ("favour", "event_type", "sub"),
    [
        ("Grenade", "Explosions/Remote violence", "Grenade"),
        ("Diplomatic event", None, None),
        ("No event", None, None),
    ],
)
def test_classifier_prediction_fields(favour: str, event_type: str | None, sub: str | None) -> None:
    (pred,) = _model(favour).predict_vectors(_unit(1))
    assert isinstance(pred, Prediction)
    assert (pred.label, pred.event_type, pred.sub_event_type) == (favour, event_type, sub)
    assert pred.score == pytest.approx(pred.scores[favour])
    assert sum(pred.scores.values()) == pytest.approx(1.0, abs=1e-5)
    assert set(pred.scores) == set(L.LABELS)


def test_classifier_mlp_head_applies_relu() -> None:
    n = len(L.LABELS)
    w0 = np.zeros((384, 2), dtype=np.float32)
    w0[0, 0], w0[0, 1] = 10.0, -10.0
    w1 = np.zeros((2, n), dtype=np.float32)
    w1[0, L.LABELS.index("Arrests")] = 1.0
    w1[1, L.LABELS.index("Agreement")] = 1.0
    arrays = {"W0": w0, "b0": np.zeros(2, np.float32), "W1": w1, "b1": np.zeros(n, np.float32)}
    clf = EventClassifier(arrays, {"format_version": FORMAT_VERSION, "labels": list(L.LABELS), "layers": 2})
    x = np.zeros((2, 384), dtype=np.float32)
    x[0, 0], x[1, 0] = 1.0, -1.0
    labels = [p.label for p in clf.predict_vectors(x)]
    assert labels == ["Arrests", "Agreement"]


def test_classifier_prototype_blend_moves_prediction() -> None:
    x = _unit(1, seed=3)
    protos = np.vstack([x[0], -x[0]]).astype(np.float16)
    owners = np.array([L.LABELS.index("Suicide bomb"), L.LABELS.index("Other")], dtype=np.int32)
    clf = _model("Arrests", arrays={"protos": protos, "proto_labels": owners}, proto_weight=0.9, proto_temp=0.05)
    assert clf.predict_vectors(x)[0].label == "Suicide bomb"


def test_classifier_lexical_part_uses_text() -> None:
    n = len(L.LABELS)
    dim = 64
    lex = np.zeros((dim, n), dtype=np.float16)
    idx, _ = hashed_features("grenade", dim, (1,))
    lex[idx, L.LABELS.index("Grenade")] = 50.0
    clf = _model("Arrests", arrays={"lex": lex}, lex_dim=dim, lex_orders=[1])
    vecs = _unit(2)
    preds = clf.predict_vectors(vecs, ["a grenade", "nothing here"])
    assert [p.label for p in preds] == ["Grenade", "Arrests"]
    assert clf.predict_vectors(vecs)[0].label == "Arrests"  # without texts the lexical part is skipped


def test_classifier_lexical_texts_must_match_vectors() -> None:
    lex = np.zeros((64, len(L.LABELS)), dtype=np.float16)
    clf = _model("Arrests", arrays={"lex": lex}, lex_dim=64, lex_orders=[1])
    with pytest.raises(ModelError, match="2 texts for 1 embeddings"):
        clf.predict_vectors(_unit(1), ["a", "b"])


def test_ngrams_and_hashed_features_are_normalised() -> None:
    assert ngrams("Troops SHELLED the town.", (1, 2))[:2] == ["1:troops", "1:shelled"]
    assert "2:shelled the" in ngrams("Troops shelled the town", (2,))
    idx, vals = hashed_features("troops shelled the town", 1 << 10, (1, 2))
    assert len(idx) == len(vals) > 0 and float(np.sum(vals**2)) == pytest.approx(1.0)
    idx, vals = hashed_features("", 1 << 10, (1, 2))
    assert len(idx) == 0


def test_classifier_rejects_unknown_label() -> None:
    with pytest.raises(ModelError, match="unknown labels"):
        meta = {"format_version": FORMAT_VERSION, "labels": ["Bombing"], "layers": 1}
        EventClassifier({"W0": np.zeros((384, 1))}, meta)


def test_classifier_rejects_shape_mismatch() -> None:
    arrays = {"W0": np.zeros((384, 3), np.float32), "b0": np.zeros(3, np.float32)}
    with pytest.raises(ModelError, match="do not match"):
        EventClassifier(arrays, {"format_version": FORMAT_VERSION, "labels": list(L.LABELS), "layers": 1})


def test_classifier_rejects_bad_vector_shape() -> None:
    with pytest.raises(ModelError, match="2-d"):
        _model("Other").predict_vectors(np.zeros(384, dtype=np.float32))


def test_classifier_from_files_missing_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot read"):
        EventClassifier.from_files(tmp_path / "absent")


def test_classifier_from_files_wrong_format_version(tmp_path: Path) -> None:
    base = tmp_path / "m"
    np.savez(base.with_suffix(".npz"), W0=np.zeros((384, 31), np.float32))
    base.with_suffix(".json").write_text(json.dumps({"format_version": 99, "labels": list(L.LABELS)}))
    with pytest.raises(ModelError, match="format 99"):
        EventClassifier.from_files(base)


def test_classifier_from_files_missing_array(tmp_path: Path) -> None:
    base = tmp_path / "m"
    np.savez(base.with_suffix(".npz"), W0=np.zeros((384, 31), np.float32))
    base.with_suffix(".json").write_text(
        json.dumps({"format_version": FORMAT_VERSION, "labels": list(L.LABELS), "layers": 1})
    )
    with pytest.raises(ModelError, match="lacks array"):
        EventClassifier.from_files(base)


# -- the bundled model ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> EventClassifier:
    return EventClassifier.load()


def test_bundled_model_is_small_and_described(bundled: EventClassifier) -> None:
    assert (DATA / "classifier.npz").stat().st_size < 3_000_000
    meta = bundled.meta
    assert meta["embedding_model"] == "all-MiniLM-L6-v2-onnx-int8"
    assert len(meta["training_sha256"]) == 64
    assert set(bundled.labels) == set(L.LABELS)


def test_bundled_model_matches_training_files(bundled: EventClassifier) -> None:
    """The model was trained on the training files as they are now (else: retrain, see docs)."""
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(DATA.glob("train_*.jsonl"))}
    assert bundled.meta["training_files"] == files, "training data changed: run scripts/train_event_classifier.py"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Warplanes bombed the village overnight, killing four people.", "Air/drone strike"),
        ("Police arrested five men suspected of planning the bombing.", "Arrests"),
        ("A suicide bomber blew himself up at the entrance of the mosque.", "Suicide bomb"),
        ("Thousands marched peacefully through the capital to demand higher wages.", "Peaceful protest"),
        ("The two foreign ministers met in Geneva to discuss bilateral relations.", "Diplomatic event"),
        ("A magnitude 6 earthquake struck the coast, destroying hundreds of homes.", "Natural disaster"),
        ("The town is located some 30 km north of the provincial capital.", "No event"),
    ],
)
def test_bundled_model_obvious_sentences(bundled: EventClassifier, text: str, label: str) -> None:
    assert bundled.predict([text])[0].label == label


def test_bundled_model_predict_handles_empty_and_non_strings(bundled: EventClassifier) -> None:
    assert bundled.predict([]) == []
    preds = bundled.predict(["", None, "x" * 50_000])  # type: ignore[list-item]
    assert len(preds) == 3 and all(0.0 <= p.score <= 1.0 for p in preds)


def test_bundled_model_predict_vectors_matches_predict(bundled: EventClassifier) -> None:
    from frontwatch.nlp.embeddings import Encoder

    texts = ["Artillery shells hit the market.", "Rebels seized the town."]
    a = bundled.predict(texts)
    b = bundled.predict_vectors(Encoder.get().encode(texts), texts)
    assert [p.label for p in a] == [p.label for p in b]


# -- classify_jsonl ------------------------------------------------------------------------------------------


def test_classify_jsonl_writes_good_lines_and_reports_bad(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Gunmen abducted 20 students from their school."}).encode(),
        b"",
        b"{not json",
        json.dumps(["a", "list"]).encode(),
        json.dumps({"text": "no id"}).encode(),
        json.dumps({"id": 7, "text": "   "}).encode(),
        b'{"id": "x", "text": "caf\xe9"}',
        json.dumps({"id": 3, "text": "Fighter jets struck the base.", "extra": 1}).encode(),
    ]
    src.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "sub" / "out.jsonl"
    counts = classify_jsonl(src, out, _model("Attack"))
    assert (counts.lines, counts.written) == (7, 2)
    assert [(s.line, s.code) for s in counts.skipped] == [
        (3, Code.BAD_JSON.value),
        (4, Code.BAD_RECORD.value),
        (5, Code.BAD_RECORD.value),
        (6, Code.NO_TEXT.value),
        (7, Code.UNDECODABLE.value),
    ]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", 3]
    assert rows[0] == {"id": "a", "label": "Attack", "event_type": "Violence against civilians",
                       "sub_event_type": "Attack", "score": rows[0]["score"]}
    assert counts.labels == {"Attack": 2}
    assert counts.as_dict()["skipped"][0]["code"] == Code.BAD_JSON.value


def test_classify_jsonl_non_acled_label_has_null_types(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d", "text": "The envoy met the king."}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    classify_jsonl(src, out, _model("Diplomatic event"))
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["label"] == "Diplomatic event" and row["event_type"] is None and row["sub_event_type"] is None


def test_classify_jsonl_missing_input_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        classify_jsonl(tmp_path / "absent.jsonl", tmp_path / "out.jsonl", _model("Other"))
    assert err.value.code == Code.NOT_FOUND


def test_classify_jsonl_escapes_text_free_output(tmp_path: Path) -> None:
    """Ids are echoed as JSON values (never raw); unicode ids survive."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "<b>\"é\"</b>", "text": "Shelling hit the town."}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    classify_jsonl(src, out, _model("Other"))
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "<b>\"é\"</b>"


def test_predict_typed_applies_the_acting_side_to_territory_labels() -> None:
    from frontwatch.pipeline.extract.territory import GOV, NON_STATE

    clf = EventClassifier.load()
    texts = ["Government forces captured three villages from the rebels on Sunday.",
             "Jihadist militants seized the district centre after a day of fighting.",
             "Police arrested twelve protesters outside parliament."]
    typed = clf.predict_typed(texts)
    plain = clf.predict(texts)
    assert typed[0].label == GOV and typed[1].label == NON_STATE
    assert typed[2] == plain[2]
    for t in typed[:2]:
        assert t.sub_event_type == t.label and t.event_type == "Battles"
        assert t.score == t.scores[t.label]
