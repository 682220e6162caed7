"""Words that mark boilerplate, in markup and in text, for many languages.

Two kinds of evidence are listed here. Class/id *words* describe what an
element is for (``share-bar``, ``relatedArticles``, ``ad-slot``); they are
matched as whole words after splitting names on ``-``, ``_`` and camelCase, so
``header`` never matches ``ad`` and ``shadow`` never matches ``ad``. *Labels*
are the short texts that boilerplate shows when it is alone in a block
("Publicité", "Share this article", "Lesen Sie auch"); they only ever remove
a block whose whole text is the label.
"""

from __future__ import annotations

import functools
import re

#: Class/id words that mark an element as boilerplate whatever its size.
BOILERPLATE_WORDS = frozenset(
    """
    ad ads adv advert adverts advertisement advertisements advertising adslot adunit adbox
    adsbygoogle adzone dfp gpt doubleclick teads outbrain taboola ligatus plista
    banner banners billboard leaderboard skyscraper sponsor sponsored sponsors
    share shares sharing sharebar sharetools social socials sociallinks
    addthis shariff
    related relatedposts recommended recommendation recommendations
    newsletter newsletters subscribe subscription subscriptions signup
    promo promos promotion
    cookie cookies consent gdpr
    comment comments commentlist disqus respond
    nav navbar navigation navigations menu menus breadcrumb breadcrumbs
    sidebar popup modal overlay lightbox
    footer pagination pager
    tagcloud tags taglist
    toolbar
    loader spinner
    masthead
    """.split()
)

#: Class/id words that mark boilerplate only when the element holds little text
#: (a byline block, a date line, a caption credit); long elements keep them.
SMALL_BOILERPLATE_WORDS = frozenset(
    """
    meta byline author authors date dateline timestamp posted published updated paywall
    credit credits copyright source icon icons button btn label labels rating
    hidden hide sr srOnly visuallyhidden screenreader invisible offscreen
    bio about follow jump share skip skiplink skiplinks print tools actions
    """.split()
)

#: Class/id words that mark boilerplate only when the element is mostly links
#: ("teaser" is a list of other stories on one site and the article's lead on another).
LINKY_BOILERPLATE_WORDS = frozenset({"teaser", "teasers", "more", "list", "links", "linklist"})

#: Class/id word pairs: each word alone is harmless, together they are boilerplate.
BOILERPLATE_PAIRS = frozenset(
    {
        ("site", "header"),
        ("page", "header"),
        ("global", "header"),
        ("main", "header"),
        ("top", "bar"),
        ("read", "more"),
        ("more", "stories"),
        ("more", "articles"),
        ("author", "box"),
        ("author", "bio"),
        ("author", "info"),
        ("about", "author"),
        ("sr", "only"),
        ("visually", "hidden"),
        ("screen", "reader"),
        ("d", "none"),
        ("no", "print"),
        ("most", "read"),
        ("most", "popular"),
        ("you", "may"),
        ("also", "like"),
    }
)

#: Class/id words that mark an element as the article itself: never removed.
CONTENT_WORDS = frozenset(
    """
    article articlebody content entry entrycontent post postcontent story storybody
    body text main
    """.split()
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-zA-Z0-9]+")


def name_words(value: str) -> list[str]:
    """Split a class or id value into lower-case words (``adSlot-top`` -> ad slot top)."""
    return list(_name_words(value))


@functools.lru_cache(maxsize=4096)
def _name_words(value: str) -> tuple[str, ...]:
    # Pages repeat the same class names many times over: split each one once.
    return tuple(w.lower() for w in _SPLIT.split(_CAMEL.sub(" ", value)) if w)


# Short texts that are never article content when they make up a whole block.
# Compared after folding case, spaces and surrounding punctuation.
_LABELS = """
publicité
publicite
annonce
advertisement
advertisements
advertising
advert
ad
ads
sponsored
sponsored content
paid content
anzeige
werbung
publicidad
anuncio
reklama
ogłoszenie
pubblicità
advertentie
reklame
mainos
реклама
partager cet article
partager
partagez cet article
share this article
share this story
share this
share
share on facebook
share on twitter
share on x
share on linkedin
partager sur facebook
partager sur twitter
partager sur x
partager sur linkedin
partager par e-mail
partager par email
share via email
teilen
artikel teilen
diesen artikel teilen
compartir
comparte esta noticia
compartir en facebook
udostępnij
podziel się
condividi
delen
discussion
comments
commentaires
kommentare
comentarios
komentarze
close
close button
fermer
schließen
cerrar
loader
loading
loading...
chargement
chargement en cours
wird geladen
cargando
ładowanie
suivez-nous
suivez nous
follow us
folgen sie uns
síguenos
obserwuj nas
skip to content
skip to main content
skip to navigation
skip navigation
aller au contenu
aller au contenu principal
accéder aux raccourcis d'accessibilité
accéder au contenu
zum inhalt springen
direkt zum inhalt
saltar al contenido
przejdź do treści
print
imprimer
drucken
imprimir
drukuj
email
e-mail
facebook
twitter
whatsapp
linkedin
pinterest
reddit
telegram
copy link
copier le lien
link kopieren
copiar enlace
newsletter
newsletters
subscribe
abonnieren
s'abonner
suscríbete
subskrybuj
sign up
menu
search
rechercher
suche
buscar
szukaj
back to top
retour en haut
nach oben
volver arriba
do góry
read more
lire la suite
weiterlesen
mehr lesen
leer más
czytaj więcej
continue reading
video
vidéo
play video
lire la vidéo
video abspielen
reproducir vídeo
toggle caption
hide caption
show caption
enlarge this image
expand image
view image
open image
fullscreen
plein écran
vollbild
pantalla completa
image
photo
bild
foto
galerie
gallery
galería
galeria
advertisement - scroll to continue
scroll to continue with content
article continues below
story continues below
artikel wird unter der werbung fortgesetzt
la suite après cette publicité
la suite après la publicité
continúa después de la publicidad
dalsza część artykułu pod reklamą
- anzeige -
anzeige -
keine kommentare
zum vergrößern auf das bild klicken
zum vergrößern klicken
click to enlarge
cliquez pour agrandir
comments are closed
kommentare deaktiviert
kommentare sind geschlossen
les commentaires sont fermés
comentarios cerrados
loading...
zurück zur übersicht
zurück zur listenansicht
zurück zur startseite
zurück zur liste
back to overview
back to home
back to list
retour à la liste
retour à l'accueil
volver al listado
quellen ausblenden
quellen anzeigen
lade weitere inhalte
weitere inhalte laden
mehr laden
load more
show more
voir plus
afficher plus
ver más
cargar más
pokaż więcej
en savoir plus
valora esta noticia
rate this article
artikel bewerten
no comments
kommentieren
kommentar verfassen
kommentar schreiben
leave a comment
leave a reply
post a comment
add a comment
laisser un commentaire
deja un comentario
dodaj komentarz
zurück
back
weiter
next
previous
permalink
permalien
pdf
war der artikel nützlich
was this article helpful
cet article vous a-t-il été utile
möchten sie den artikel teilen
share this post
share this page
teile diesen beitrag
diesen beitrag teilen
beitrag teilen
artikel drucken
print this article
print this page
"""

LABELS = frozenset(line.strip().casefold() for line in _LABELS.strip().splitlines())

# Headings that introduce a block of links to other stories.
_RELATED_HEADINGS = """
à découvrir également
à découvrir aussi
à lire aussi
a lire aussi
lire aussi
voir aussi
sur le même sujet
sur le meme sujet
dans la même rubrique
les plus lus
read more
read also
more on this story
more from
more stories
more news
related
related articles
related stories
related content
related posts
related news
you may also like
you might also like
recommended
recommended for you
most read
most popular
popular
trending
latest news
top stories
lesen sie auch
lesen sie außerdem
mehr zum thema
das könnte sie auch interessieren
weitere artikel
weitere artikel zum thema
kommentierte artikel
meistgelesen
meistgelesene artikel
meistdiskutierte artikel
meistgelesene beiträge
am meisten gelesen
ähnliche artikel
te puede interesar
también te puede interesar
noticias relacionadas
lo más leído
más noticias
leer también
lee también
zobacz też
zobacz także
czytaj też
czytaj także
polecamy
najczęściej czytane
podobne artykuły
auch interessant
das könnte sie auch interessieren
das könnte dich auch interessieren
das thema könnte dich auch interessieren
das könnte ihnen auch gefallen
empfohlene beiträge
empfehlungen der redaktion
weitere beiträge
ähnliche beiträge
verwandte artikel
weitere themen
mehr aus dem ressort
über den autor
über die autorin
zur person
about the author
about the authors
à propos de l'auteur
sobre el autor
o autorze
more in this category
you may be interested in
read next
up next
what to read next
related reading
further reading
see more
also on
artículos relacionados
ähnliche themen
zum weiterlesen
mehr themen
mehr zu diesem thema
weitere beiträge aus der kolumne
lesen sie auch die folgenden beiträge
schon gelesen
auch lesen
lesen sie mehr
vea también
lea también
puedes ver
te puede gustar
mira también
notas relacionadas
noticias relacionadas
le puede interesar
te recomendamos
también te puede gustar
à lire également
à voir aussi
nos autres articles
leggi anche
potrebbe interessarti
lees ook
gerelateerd
"""

RELATED_HEADINGS = frozenset(
    line.strip().casefold() for line in _RELATED_HEADINGS.strip().splitlines()
)

#: A paragraph that is only a link to another story, introduced like this.
RELATED_PREFIX = re.compile(
    r"^\W*(?:read more|read also|also read|see also|related|more|lire aussi|à lire aussi"
    r"|a lire aussi|voir aussi|lesen sie auch|mehr zum thema|auch interessant|siehe auch"
    r"|lee también|leer también|te puede interesar|ver también|zobacz też|zobacz także"
    r"|czytaj też|czytaj także|czytaj również|leggi anche|le puede interesar|te recomendamos"
    r"|lire également|à lire également|weiterlesen|mehr dazu|more on this|lea también|lea más"
    r"|lea|vea también|puedes ver|mira también|auch lesen|schon gelesen|zum weiterlesen"
    r"|mehr zum thema|mehr zu|related article|related story|more:)\b\s*[:»>\-–—]",
    re.IGNORECASE,
)

#: A post's filing line, not its text: "Posted in News", "Tags: a, b", "Filed under".
META_LINE = re.compile(
    r"^\W*(?:tags?\s*:|schlagw(?:ö|oe)rter\s*:|stichw(?:ö|oe)rter\s*:|kategorien?\s*:"
    r"|categories\s*:|category\s*:|catégories?\s*:|étiquettes?\s*:|etiquetas\s*:"
    r"|categorías?\s*:|filed under|posted in|posted on|posted by|this entry was posted"
    r"|dieser (?:eintrag|beitrag) wurde|der beitrag wurde|veröffentlicht (?:in|unter)"
    r"|erstellt am|zuletzt (?:geändert|aktualisiert)|last modified|last updated"
    r"|publié dans|classé dans|publicado en|archivado en|tagi\s*:|kategoria\s*:"
    r"|aufrufe\s*:|views\s*:|lesezeit\s*:|reading time\s*:|temps de lecture"
    r"|abgelegt unter|verschlagwortet|kommentare (?:und pings|sind|zu diesem)"
    r"|comments are closed|this entry was|bookmark the permalink)",
    re.IGNORECASE,
)

#: A copyright or reprint notice anywhere in a short block.
COPYRIGHT_NOTICE = re.compile(
    r"copyrighted|all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados|wszelkie prawa zastrzeżone|tutti i diritti riservati"
    r"|permission must be obtained|is not responsible for the (?:opinions|content)",
    re.IGNORECASE,
)

#: A block that declares itself an ad ("ANZEIGE - ...", "*Werbung. Dieser Beitrag...").
AD_DISCLOSURE = re.compile(
    r"^\W*(?:anzeige|werbung|advertisement|sponsored|publicité|publicidad|reklama)\s*[.:\-–|]",
    re.IGNORECASE,
)

#: A short call to subscribe or follow ("Sign up to our newsletter").
PROMPT = re.compile(
    r"newsletter|subscribe|abonnier|abonnez|anmelden|sign up|inscrivez|suscr[ií]b|zapisz si"
    r"|follow us|folgen sie|suivez-nous|s[ií]guenos|get the .{0,40} app"
    r"|download (?:our|the) .{0,40}app"
    r"|follow .{1,40} on (?:twitter|facebook|instagram|x\b)|canal de (?:telegram|youtube|whatsapp)"
    r"|nuestro canal|unser(?:em|en)? (?:kanal|newsletter|shop|fan-shop)|hazte (?:miembro|socio)"
    r"|unterstütze(?:n sie)? uns|support us|jetzt spenden|donate now|faites un don"
    r"|kennt ihr schon|gefällt (?:dir|ihnen) unser",
    re.IGNORECASE,
)

#: Text that starts a photo credit rather than a caption.
CREDIT = re.compile(
    r"^\W*(?:©|\(c\)|copyright\b|tous droits réservés|all rights reserved|photo\s*:"
    r"|(?:photos?|fotos?|bild|image|crédits?|credits?)\s*(?:©|\(c\))"
    r"|photos\s*:|foto\s*:|fotos\s*:|bild\s*:|image\s*:|crédit\s*:|credit\s*:|crédits?\s*photo"
    r"|afp\s*/|ap\s*/|dpa\s*/|epa\s*/|reuters\s*/|\(?crédito\s*:|[^/]{0,40}/\s*getty images"
    r"|kuva\s*:|zdjęcie\s*:|fot\s*:|foto\s*de\b|photographie\s*:|bildnachweis\s*:"
    r"|titelbild\s*:|beitragsbild\b|bild via\b|bildquelle\s*:|fotoquelle\s*:|foto via\b"
    r"|istock(?:photo)?(?:\.com)?\b|fotolia\b|unsplash\b|pixabay\b|adobe ?stock\b"
    r"|photo credit|quelle\s*:|fuente\s*:|źródło\s*:|fot\.|ap photo\b|getty images\b"
    r"|reuters\b|afp\b|dpa\b|epa\b|imago\b|picture alliance\b|shutterstock\b|istock\b"
    r"|keystone\b|xinhua\b)",
    re.IGNORECASE,
)

#: Credit words found at the end of a caption ("... 2012. Tous droits réservés X").
CREDIT_TAIL = re.compile(
    r"\s*(?:©|\(c\)\s|tous droits réservés|all rights reserved|photo\s*:|foto\s*:|bild\s*:"
    r"|crédit\s*:|credit\s*:|image\s*:|copyright\b|kuva\s*:|zdjęcie\s*:|fot\.\s"
    r"|photograph\s*:|quelle\s*:|fuente\s*:|\((?:foto|photo|bild|quelle|fuente)\s*:).*$",
    re.IGNORECASE | re.DOTALL,
)

#: Words that introduce a byline ("Par", "By", "Von", ...).
BYLINE_PREFIX = re.compile(
    r"^\s*(?:par|by|von|por|di|door|av|af|przez|autor(?:in)?\s*:|author\s*:|auteur\s*:)\s+",
    re.IGNORECASE,
)

#: Words of a "published / updated" dateline.
DATELINE = re.compile(
    r"^\W*(?:publié|mis à jour|mise à jour|published|updated|posted|last updated|veröffentlicht"
    r"|aktualisiert|stand|publicado|actualizado|opublikowano|aktualizacja|pubblicato"
    r"|aggiornato|gepubliceerd|bijgewerkt)\b",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Fold *text* for label comparison: case, spaces, surrounding punctuation."""
    text = " ".join(text.split()).casefold()
    return text.strip(" \t\n:·•|–—-»«>›‹<()[]!?¿¡.…*").replace("’", "'")


def is_label(text: str) -> bool:
    """True if *text* (a whole block) is a boilerplate label such as "Publicité"."""
    folded = fold(text)
    if not folded:
        return False
    if folded in LABELS:
        return True
    # "Partager cet article Discussion", "Share Facebook Twitter Email": all words labels.
    return len(folded) <= 80 and _all_label_words(folded)


_SEPARATORS = frozenset({"·", "•", "|", "-", "–", "—", "/"})


def _all_label_words(folded: str) -> bool:
    """True if *folded* is made only of whole labels (at least two of them)."""
    # Separators between labels ("Partager sur Facebook · Partager sur X") are no words.
    words = [w for w in folded.split() if w not in _SEPARATORS]
    if len(words) < 2:
        return False
    i = 0
    matched = 0
    while i < len(words):
        for size in (5, 4, 3, 2, 1):
            if " ".join(words[i : i + size]) in LABELS:
                i += size
                matched += 1
                break
        else:
            return False
    return matched >= 2


#: The start of a comment section ("3 Kommentare", "Leave a Reply", "12 thoughts on").
COMMENTS_START = re.compile(
    r"^\W*(?:\d+\s+)?(?:kommentare?|comments?|commentaires?|comentarios?|komentarze?"
    r"|leserkommentare|leave a (?:reply|comment)|schreibe einen kommentar"
    r"|kommentar (?:schreiben|verfassen)|deja un comentario|deja una respuesta"
    r"|laisser un commentaire|laisser une réponse|keine kommentare|no comments|one comment"
    r"|one response|\d+ (?:thoughts|responses|comments) (?:on|to)|ein kommentar|eine antwort)\b",
    re.IGNORECASE,
)

#: A heading over an author's bio: "Über Simon Dückert", "About the author".
AUTHOR_HEADING = re.compile(
    r"^(?:über|about|à propos de|sobre|o|acerca de)\s+(?:\S+\s*){1,4}$", re.IGNORECASE
)


def is_related_heading(text: str) -> bool:
    """True if *text* is a heading that introduces links to other stories."""
    return fold(text) in RELATED_HEADINGS
