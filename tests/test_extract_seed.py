"""The seed article: what a reader wants from the euronews page, and nothing else.

The fixture reproduces the page's real structure (header/nav, ad slots with
"PUBLICITÉ" labels, share bars, figures with credits, JSON-LD and OpenGraph,
a related-stories section, footer) around the article's paragraphs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.extract import extract
from reader.models import Article

PAGES = Path(__file__).parent / "data" / "pages"
URL = "https://fr.euronews.com/2023/10/27/le-kremlin-nie-la-presence-des-soldats-nord-coreens-en-ukraine"

PARAGRAPHS = [
    "Cette déclaration intervient après que le journal britannique The Guardian a rapporté "
    "jeudi, en citant des hauts fonctionnaires de Kyiv et de Séoul",
    "Le Kremlin a rejeté les informations selon lesquelles la Corée du Nord aurait envoyé des "
    "soldats en Ukraine pour soutenir les troupes russes dans la guerre.",
    '"Cela ressemble à une nouvelle fake news", a déclaré le porte-parole Dmitri Peskov à des '
    "journalistes à Moscou.",
    "Le journal britannique The Guardian a rapporté jeudi que",
    "Le journal a également affirmé que des troupes nord-coréennes combattaient en Ukraine",
    "Selon l'agence de presse sud-coréenne Yonhap",
    "Le dirigeant nord-coréen Kim Jong-un est devenu l'un des principaux alliés de Poutine",
    "Alors qu'il s'attendait à une victoire rapide",
    "Dans le même temps, la Russie a été frappée par des sanctions sévères",
    "L'armée russe a déployé des drones et des missiles de conception iranienne",
    "Les États-Unis affirment que plus de 16 000 conteneurs",
    "Le principal responsable allemand de la Défense",
    "Pyongyang souffre de profonds problèmes économiques",
    "Kim a personnellement rendu visite à Poutine en Russie en septembre",
    "Lors de cette visite, il a inspecté des pièces de fusées russes",
    "En juin, Kim et Poutine ont signé un pacte de défense mutuelle",
    "En janvier, le porte-parole du Conseil national de sécurité des États-Unis, John Kirby",
    "Des Ukrainiens sur le terrain affirment avoir trouvé des pièces de missiles",
    "Moscou a toujours nié utiliser des armes nord-coréennes en Ukraine.",
    "Jeudi, Yonhap a cité un porte-parole du département d'État américain",
    "Sources additionnelles • The Guardian, adaptation : Serge Duchêne",
]

CAPTIONS = [
    "Des soldats nord-coréens défilent lors d'une parade militaire de masse à Pyongyang, "
    "le 15 avril 2012.",
    "Le dirigeant nord-coréen Kim Jong Un, à gauche, porte un toast avec le président russe "
    "Vladimir Poutine à Vladivostok, le 25 avril 2019.",
    "Défilé militaire marquant le congrès du parti au pouvoir sur la place Kim Il Sung à "
    "Pyongyang, le 14 janvier 2021.",
]

JUNK = [
    "Publicité",
    "PUBLICITÉ",
    "Partager cet article",
    "Discussion",
    "Close Button",
    "Loader",
    "Suivez-nous",
    "Accéder aux raccourcis",
    "À découvrir également",
    "La Corée du Sud dévoile son missile le plus puissant",
    "Vladimir Poutine en visite en Corée du Nord",
    "L'UE renforcera la sécurité des Juifs",
    "Tous droits réservés",
    "Ng Han Guan",
    "All rights reserved",
    "KCNA via KNS",
    "Newsletter",
    "Évènements",
    "Africanews",
    "Podcasts",
    "Par Gavin Blackburn",
    "Publié le",
    "Mis à jour",
    "cookies",
    "Copier le lien",
    "Mentions légales",
]


@pytest.fixture(scope="module")
def article() -> Article:
    return extract((PAGES / "euronews_kremlin.html").read_bytes(), url=URL)


def test_metadata(article: Article) -> None:
    assert article.title == "Le Kremlin nie la présence des soldats nord-coréens en Ukraine"
    assert article.byline == "Gavin Blackburn avec AP"
    assert article.site_name == "euronews"
    assert article.lang == "fr"
    assert article.published is not None
    assert article.published.startswith("2023-10-27T09:40:56")
    assert article.canonical_url == URL
    assert article.lead_image is not None
    assert article.lead_image.startswith("https://static.euronews.com/")


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_every_paragraph_is_kept(article: Article, paragraph: str) -> None:
    assert paragraph in article.text
    assert paragraph in article.markdown


def test_paragraphs_in_order(article: Article) -> None:
    positions = [article.text.index(p) for p in PARAGRAPHS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("caption", CAPTIONS)
def test_each_caption_once(article: Article, caption: str) -> None:
    assert article.text.count(caption) == 1
    assert article.markdown.count(caption) == 1
    assert f"*{caption}*" in article.markdown


@pytest.mark.parametrize("junk", JUNK)
def test_no_junk(article: Article, junk: str) -> None:
    assert junk not in article.text
    assert junk not in article.markdown


def test_title_and_byline_not_in_body(article: Article) -> None:
    assert article.title not in article.text
    assert article.title not in article.markdown
    assert "Gavin Blackburn" not in article.text


def test_images_are_absolute(article: Article) -> None:
    images = [line for line in article.markdown.splitlines() if line.startswith("![")]
    assert len(images) == 3
    assert all("(https://fr.euronews.com/articles/" in line for line in images)


def test_text_starts_with_the_lead(article: Article) -> None:
    first = article.text.split("\n\n")[0]
    assert first == CAPTIONS[0] or first.startswith(PARAGRAPHS[0])
