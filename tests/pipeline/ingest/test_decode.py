from __future__ import annotations

import pytest

from frontwatch.errors import Code, InputError
from frontwatch.pipeline.ingest.decode import decode_bytes, rejoin_lines, sanitize_text


def test_decode_utf8_plain() -> None:
    text, notes = decode_bytes(b"Troops entered the town of Boni on Tuesday.")
    assert text.startswith("Troops") and notes == []


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", Code.EMPTY),
        (b"   \n\t ", Code.EMPTY),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, Code.BINARY),
        (b"%PDF-1.7 binary", Code.BINARY),
        (bytes(range(0, 32)) * 40, Code.BINARY),
    ],
)
def test_decode_rejects_bad_bytes_with_code(data: bytes, code: Code) -> None:
    with pytest.raises(InputError) as exc:
        decode_bytes(data)
    assert exc.value.code == code


def test_decode_latin1_is_detected_and_noted() -> None:
    sentence = "L'armée a repris le contrôle de la ville à l'aube, selon les habitants."
    text, notes = decode_bytes(sentence.encode("cp1252"))
    assert "armée" in text and "contrôle" in text
    assert any("not valid UTF-8" in n for n in notes)


def test_decode_utf16_without_bom() -> None:
    text, notes = decode_bytes("Shelling hit the market in the morning.".encode("utf-16-le"))
    assert text == "Shelling hit the market in the morning."
    assert any("without a byte-order mark" in n for n in notes)


def test_decode_utf16_with_bom() -> None:
    text, _ = decode_bytes("\ufeffDrone strike reported near the base.".encode("utf-16"))
    assert text == "Drone strike reported near the base."


def test_sanitize_removes_nul_and_notes_it() -> None:
    text, notes = sanitize_text("The army\x00 advanced.")
    assert text == "The army advanced."
    assert any("NUL" in n for n in notes)


def test_decode_repairs_mojibake() -> None:
    broken = "The ministryâ€™s statement said â€œten soldiersâ€\x9d were killed."
    text, notes = decode_bytes(broken.encode("utf-8"))
    assert "ministry’s" in text and "“ten soldiers”" in text
    assert any("mojibake" in n for n in notes)


def test_rejoin_mid_sentence_break_across_blank_line() -> None:
    text = ("The convoy was stopped at the checkpoint because the officers wanted to\n\n"
            "inspect every vehicle before it could continue.\n\nA new paragraph starts here.")
    out = rejoin_lines(text)
    assert "wanted to inspect every vehicle" in out
    assert "\n\nA new paragraph" in out


def test_rejoin_hard_wrapped_block_keeps_indented_paragraphs() -> None:
    text = ("    Government forces said on Monday that they had retaken the\n"
            "town after two days of fighting with the rebels, who withdrew\n"
            "towards the hills.\n"
            "    The rebels denied the claim.")
    out = rejoin_lines(text)
    assert "retaken the town after two days" in out
    assert "towards the hills.\n    The rebels denied" in out


def test_rejoin_leaves_headlines_and_menus_alone() -> None:
    text = "Home | World | Africa\nArmy retakes northern town after heavy fighting overnight\nBy Staff"
    assert rejoin_lines(text) == text


def test_rejoin_keeps_extra_blank_lines() -> None:
    assert rejoin_lines("First comment.\n\n\nSecond comment.") == "First comment.\n\n\nSecond comment."
