from __future__ import annotations

import pytest

from frontwatch.pipeline.clean.blocks import ARTICLE, COMMENT, TITLE, label_blocks, split_blocks

BODY = [
    "Government forces retook the town of Kalma on Tuesday after two days of heavy fighting with the rebels.",
    "A military spokesman said at least twelve fighters were killed and several vehicles were destroyed.",
    "Residents who fled to the regional capital said they would not return until the road was safe again.",
]


def labels(text: str) -> list[tuple[str, str]]:
    return [(lab.label, lab.block.text) for lab in label_blocks(split_blocks(text))]


def test_article_between_furniture() -> None:
    page = "\n".join(["Home | World | Africa | Opinion", "Army retakes Kalma after two days of fighting",
                      "By Jane Roe", *BODY, "Share this: Twitter Facebook Email",
                      "Disclaimer: The views expressed are those of the author.", "Related articles",
                      "Rebels shell the airport", "Talks resume in the capital"])
    got = labels(page)
    assert [t for lab, t in got if lab == ARTICLE] == BODY
    kinds = {t: lab for lab, t in got}
    assert kinds["Home | World | Africa | Opinion"] == "navigation"
    assert kinds["Army retakes Kalma after two days of fighting"] == TITLE
    assert kinds["Disclaimer: The views expressed are those of the author."] == "disclaimer"
    assert kinds["Related articles"] == "related"
    assert kinds["Rebels shell the airport"] == "related"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Support our journalism: donate now via PayPal", "donation"),
        ("0 $", "donation"),
        ("Click to see the full-size image", "caption"),
        ("Photo: a checkpoint outside the town (file photo)", "caption"),
        ("Copyright © 2024 Test Wire. All rights reserved.", "disclaimer"),
        ("Advertisement", "advert"),
    ],
)
def test_single_furniture_lines(line: str, kind: str) -> None:
    got = dict((t, lab) for lab, t in labels("\n".join([*BODY, line, *BODY[:1]])))
    assert got[line] == kind


def test_prose_mentioning_cue_words_stays_article() -> None:
    sentence = ("Aid agencies said donations of food and fuel had run out, and that the copyright dispute over the "
                "radio station was irrelevant while people were being killed in the streets every night.")
    got = labels("\n".join([BODY[0], sentence, BODY[1]]))
    assert (ARTICLE, sentence) in got


def test_comment_thread_split_into_comments() -> None:
    page = "\n".join([*BODY, "3 Comments", "Amina K.", "This is the third attack this month and nobody is held "
                      "accountable for it.", "Reply", "watcher99", "lol the army always says that.", "Reply"])
    got = label_blocks(split_blocks(page))
    comments = [lab.block.text for lab in got if lab.label == COMMENT]
    assert comments == ["This is the third attack this month and nobody is held accountable for it.",
                        "lol the army always says that."]
    assert len({lab.comment_id for lab in got if lab.label == COMMENT}) == 2
    assert [lab.block.text for lab in got if lab.label == ARTICLE] == BODY


def test_bare_comments_heading_inside_article_is_not_a_thread() -> None:
    page = "\n".join([BODY[0], "Reactions", BODY[1], BODY[2]])
    got = labels(page)
    assert [t for lab, t in got if lab == ARTICLE][-1] == BODY[2]


def test_short_sentence_between_paragraphs_is_kept() -> None:
    got = labels("\n".join([BODY[0], "The fighting continues.", BODY[1]]))
    assert (ARTICLE, "The fighting continues.") in got


def test_repeated_headline_removed() -> None:
    head = "Army retakes Kalma after two days of fighting"
    got = labels("\n".join([head, BODY[0], head, BODY[1], BODY[2]]))
    assert [lab for lab, t in got if t == head] == [TITLE, TITLE]
