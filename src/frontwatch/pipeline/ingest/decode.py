"""Bytes to text: encoding detection, binary sniffing, NUL bytes, mojibake, hard line breaks.

Pure functions; the readers call them and turn :class:`InputError` into a skipped-input entry.
"""

from __future__ import annotations

import re

import charset_normalizer
import ftfy

from frontwatch.errors import Code, InputError

# Leading bytes of common binary formats, and what to call them in the error message.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"\x1f\x8b", "gzip data (name the file .gz)"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an OLE document (DOC/XLS)"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Share of control characters (other than tab, newline, carriage return, form feed) above which
# decoded text is treated as binary. Real text, even badly scraped, stays far below 1 %.
MAX_CONTROL_SHARE = 0.05
# Share of NUL bytes at odd (or even) positions that marks UTF-16 text written without a BOM:
# ASCII-heavy UTF-16 has a NUL in almost every other byte.
UTF16_NUL_SHARE = 0.3
# A handful of stray control characters in a short text is damage to repair, not a binary file.
MIN_BINARY_CHARS = 16
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
SNIFF_BYTES = 65536


def sniff_binary(data: bytes) -> str | None:
    """Name of the binary format ``data`` starts with, or None."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            return what
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:SNIFF_BYTES]
    if len(head) < 4:
        return None
    even = head[0::2]
    odd = head[1::2]
    if odd.count(0) / len(odd) > UTF16_NUL_SHARE and even.count(0) / len(even) < 0.05:
        return "utf-16-le"
    if even.count(0) / len(even) > UTF16_NUL_SHARE and odd.count(0) / len(odd) < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, list[str]]:
    """Decode ``data`` to text. Returns the text and notes on what was repaired.

    Raises :class:`InputError` (EMPTY, BINARY, UNDECODABLE) when no usable text comes out.
    """
    notes: list[str] = []
    if not data.strip():
        raise InputError("file is empty (no bytes or only white space)", Code.EMPTY)
    if what := sniff_binary(data):
        raise InputError(f"binary file: looks like {what}, not text", Code.BINARY)
    text: str | None = None
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {encoding} byte-order mark but does not decode: {exc.reason}",
                                 Code.UNDECODABLE) from exc
            if encoding != "utf-8-sig":
                notes.append(f"decoded as {encoding} (byte-order mark)")
            break
    if text is None and b"\x00" in data:
        encoding16 = _utf16_without_bom(data)
        if encoding16:
            try:
                text = data.decode(encoding16)
                notes.append(f"decoded as {encoding16} without a byte-order mark")
            except UnicodeDecodeError:
                text = None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if text is None:
                best = charset_normalizer.from_bytes(data[: 4 * SNIFF_BYTES]).best()
                if best is None or best.encoding is None:
                    raise InputError("undecodable bytes: not UTF-8 and no other encoding fits",
                                     Code.UNDECODABLE) from None
                try:
                    text = data.decode(best.encoding, errors="replace")
                except LookupError as exc:
                    raise InputError(f"undecodable bytes: {exc}", Code.UNDECODABLE) from exc
                notes.append(f"not valid UTF-8: decoded as {best.encoding}")
    sanitized, more = sanitize_text(text, html=html)
    return sanitized, notes + more


def sanitize_text(text: str, *, html: bool = False) -> tuple[str, list[str]]:
    """Strip NUL and control characters and repair mojibake in already-decoded text (file content
    or a JSON/CSV field). Raises :class:`InputError` when what is left is binary or empty."""
    notes: list[str] = []
    if "\x00" in text:
        nuls = text.count("\x00")
        if nuls > MIN_BINARY_CHARS and nuls > MAX_CONTROL_SHARE * len(text):
            raise InputError("binary file: too many NUL bytes for text", Code.BINARY)
        notes.append(f"removed {text.count(chr(0))} NUL characters")
        text = text.replace("\x00", "")
    sample = text[:SNIFF_BYTES]
    controls = len(_CONTROL.findall(sample))
    if controls > MIN_BINARY_CHARS and controls / len(sample) > MAX_CONTROL_SHARE:
        raise InputError(f"binary file: {controls} control characters in the first {len(sample)} characters",
                         Code.BINARY)
    if controls:
        text = _CONTROL.sub("", text)
        notes.append("removed control characters")
    if not text.strip():
        raise InputError("file has no text after decoding", Code.EMPTY)
    fixed = repair_text(text, html=html)
    if not fixed.strip():  # only a byte-order mark or other characters the repair removes
        raise InputError("file has no text after decoding", Code.EMPTY)
    if fixed != text:
        notes.append("repaired mojibake or character-width problems (ftfy)")
    return fixed, notes


def repair_text(text: str, *, html: bool = False) -> str:
    """ftfy's repairs (mojibake, curly-quote damage, width), leaving HTML entities for the HTML parser."""
    return str(
        ftfy.fix_text(
            text,
            unescape_html=False if html else "auto",
            normalization="NFC",
            uncurl_quotes=False,
            fix_latin_ligatures=True,
            max_decode_length=1_000_000,
        )
    )


# ---------------------------------------------------------------------------------------------
# Hard line breaks in plain text

# A line at least this long that does not end a sentence is a wrapped line, not a heading or menu.
WRAP_MIN_LINE = 45
_SENTENCE_END = re.compile(r"""[.!?…:;"”’»)\]]\s*$""")
_STARTS_LOWER = re.compile(r"^\s*[a-z(\"“‘']")


def rejoin_lines(text: str) -> str:
    """Re-join plain-text paragraphs broken by hard line breaks in mid-sentence.

    Within a block, a long line is joined to the next when the block is hard-wrapped (several lines
    of similar width) and the line stops mid-sentence or the next starts in lower case, or when the
    line stops mid-sentence and the next starts in lower case; an indented next line starts a new
    paragraph (wrapped wire copy). Across a blank line, a long block
    that stops mid-sentence is joined to a following block that starts in lower case.

    Linear in the length of the text: joined lines are kept as parts, and only a line's stripped length
    and last character are consulted (a hostile page of 200,000 wrapped lines used to take minutes).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"(\n[ \t]*\n(?:[ \t]*\n)*)", text)
    blocks, seps = parts[0::2], parts[1::2]
    joined_blocks = [_join_block(block) for block in blocks]
    pieces = [joined_blocks[0]]
    tail = _LineTail.last_of(joined_blocks[0])
    for sep, block in zip(seps, joined_blocks[1:], strict=True):
        if (
            tail.length >= WRAP_MIN_LINE
            and not tail.ends_sentence()
            and re.match(r"[A-Za-z,]", tail.last)
            and re.match(r"^\s*[a-z]", block)
        ):
            _rstrip_pieces(pieces)
            rest = block.lstrip()
            pieces += [" ", rest]
            tail = tail.extended(rest)
            continue
        pieces += ["\n" * sep.count("\n"), block]
        if block.strip():  # a blank block (a lone form feed) leaves the last line where it was
            tail = _LineTail.last_of(block)
    return "".join(pieces)


class _LineTail:
    """The last line of the text built so far, right-stripped: its stripped length and last character."""

    __slots__ = ("last", "length")

    def __init__(self, length: int, last: str) -> None:
        self.length = length
        self.last = last

    @classmethod
    def last_of(cls, text: str) -> _LineTail:
        stripped = text.rstrip()
        line = stripped[stripped.rfind("\n") + 1:].strip()
        return cls(len(line), line[-1:])

    def extended(self, rest: str) -> _LineTail:
        """The tail after ``" " + rest`` (``rest`` left-stripped) was appended to the right-stripped text."""
        body = rest.rstrip()
        if "\n" in body:
            return _LineTail.last_of(body)
        return _LineTail(self.length + 1 + len(body), body[-1:] or self.last)

    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.last))


def _rstrip_pieces(pieces: list[str]) -> None:
    """Right-strip the concatenation of ``pieces`` in place."""
    while pieces:
        last = pieces[-1].rstrip()
        if last:
            pieces[-1] = last
            return
        pieces.pop()


def _join_block(block: str) -> str:
    lines = block.split("\n")
    wrapped = _wrapped(lines)
    out: list[list[str]] = []  # output lines, each as the parts joined into it
    length = 0  # stripped length of the last output line
    last = ""  # its last non-blank character
    for line in lines:
        if out and line.strip() and length >= WRAP_MIN_LINE:
            indented = bool(re.match(r"^(\s{2,}|\t)\S", line))
            mid_sentence = not _SENTENCE_END.search(last)
            if not indented and _continues(mid_sentence, wrapped, bool(_STARTS_LOWER.match(line))):
                current = out[-1]
                current[-1] = current[-1].rstrip()
                joined = line.strip()
                current += [" ", joined]
                length += 1 + len(joined)
                last = joined[-1]
                continue
        out.append([line])
        stripped = line.strip()
        length, last = len(stripped), stripped[-1:]
    return "\n".join("".join(p) for p in out)


def _continues(mid_sentence: bool, wrapped: bool, next_lower: bool) -> bool:
    return (wrapped and (mid_sentence or next_lower)) or (mid_sentence and next_lower)


def _wrapped(lines: list[str]) -> bool:
    """True when a block looks hard-wrapped: several lines of similar, long width."""
    widths = [len(x.rstrip()) for x in lines[:-1] if x.strip()]
    if len(widths) < 2:
        return False
    long = [w for w in widths if w >= WRAP_MIN_LINE]
    return len(long) / len(widths) >= 0.7 and max(widths) - min(long or [0]) <= 40
