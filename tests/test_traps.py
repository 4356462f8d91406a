"""Body-like traps: real article sentences that resemble boilerplate must survive.

Each trap is set into a small article (a title, paragraphs around it), the way it would
arrive, and must come out unchanged. A rule that deletes one of these is wrong, however
much boilerplate it also catches.
"""

import pytest

import cleantext

ARTICLE = """Ministers meet in Brussels to discuss air defence

Defence ministers from the alliance met in Brussels on Thursday to discuss air defence.

{trap}

The meeting ended without a joint statement, officials said.
"""

TRAPS = [
    # donation-like
    "The charity’s website urged visitors: “Donate now to help the flood victims,” a message that drew criticism.",
    "“You could close this page,” the banner reads, before it asks readers for money.",
    "The newspaper said it would become a member of the press council next year.",
    "Please consider supporting the flood victims, the mayor said in a statement on Friday.",
    "He said if you value our democracy you should vote in the referendum.",
    "ProPublica is an independent nonprofit newsroom that won the Pulitzer Prize in 2020.",
    # sidebar-like
    "Related to the war, the ministry said, were 14 separate incidents in Kharkiv.",
    "Read next week's issue for the full interview with the minister.",
    "More than 3,000 court documents have been released.",
    "Most read the report before the vote, according to a survey of lawmakers.",
    "Watch the full interview on our website, the broadcaster said.",
    # caption-like
    "The photographer, who asked not to be named, said the picture was taken in Kyiv.",
    "Photographs of the scene show a burned-out car and a crowd of onlookers.",
    "He sold the photo to Getty Images, which licensed it to newspapers around the world.",
    "A Reuters/Ipsos poll found 40% support for the plan.",
    "WASHINGTON (AP) — The Senate passed the bill on Friday.",
    "The figure was first reported by The Associated Press (AP).",
    "Pictured in the press as a villain, he spent years rebuilding his reputation.",
    # timestamp-like
    "On Oct 3, 2024, the ministry announced new sanctions.",
    "Oct 3, 2024 was the day the talks collapsed.",
    "3 hours ago the fire was still burning, witnesses said.",
    # byline-like
    "By Friday, the deal was done.",
    "By the end of 2024, the alliance had grown to 32 members.",
    "Reporting by the BBC found widespread abuse in the care homes.",
    "Many factors contributed to the decline, the study found.",
    "Three reporters contributed to this report, the editor said in a note to readers.",
    "The BBC reported from the front line that the shelling had resumed.",
    # prompt-like
    "Share prices fell 3% on Monday.",
    "Protesters who follow the movement on Twitter said they would march again.",
    "More than 2,000 readers signed up for the newsletter in its first week, the editor said.",
    "What do you think about the new law, asked the reporter, pointing at the crowd.",
    "12 comments were removed by the moderators, the company said.",
    # slug-like
    "Well-being",
    "State-of-the-art equipment is expensive, the minister admitted.",
]


@pytest.mark.parametrize("trap", TRAPS)
def test_trap_survives(trap):
    out = cleantext.clean(ARTICLE.format(trap=trap))
    assert trap in out.split("\n"), f"removed: {trap!r}\n{cleantext.Pipeline().run(ARTICLE.format(trap=trap)).removed}"


def test_heading_under_related_label_survives():
    """A lone "Related:" label mid-article must not take the section after it."""
    text = (
        "Ministers meet in Brussels\n\n"
        "Defence ministers met in Brussels on Thursday to discuss air defence.\n\n"
        "Related:\n\n"
        "Strengthening the Eastern Flank\n\n"
        "The leaders emphasized the importance of fortifying the alliance's security posture in the Baltics.\n"
    )
    out = cleantext.clean(text)
    assert "Related:" not in out
    assert "Strengthening the Eastern Flank" in out
    assert "fortifying the alliance's security posture" in out


def test_paragraph_after_sidebar_heading_survives():
    text = (
        "Defence ministers met in Brussels on Thursday to discuss air defence.\n"
        "Read more\n"
        "The meeting ended without a joint statement, officials said on Thursday evening.\n"
    )
    assert cleantext.clean(text).split("\n")[1].startswith("The meeting ended")


def test_donation_span_cut_keeps_the_paragraph():
    text = (
        "Zelenskyy stressed the importance of air defence before winter. "
        "You could close this page. Or you could join our community and help us produce more "
        "materials like this.\n"
    )
    result = cleantext.Pipeline().run(text)
    assert result.text == "Zelenskyy stressed the importance of air defence before winter.\n"
    assert [(r.family, r.rule) for r in result.removed] == [("donation", "donation.close_this_page")]
    assert result.removed[0].text.startswith("You could close this page.")


def test_quoted_appeal_mid_paragraph_is_not_cut():
    text = ('The site showed a banner. "You could close this page," it read, and readers did.\n')
    assert cleantext.clean(text) == text
