"""Article content that a page declares only in its structured data.

Recipe pages often render ingredients and steps in widgets readability drops
(tables of quantities, tabbed step lists) while declaring them in schema.org
``Recipe`` JSON-LD. When the extracted body lacks most of the declared
ingredients, they are added after it as a bulleted list, followed by the
steps as a numbered list.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement, fragment_fromstring

from reader.extract.metadata import json_ld_objects
from reader.text.sanitize import clean_line

#: At most this many items of each kind are taken from the data.
_MAX_ITEMS = 80


@dataclass(frozen=True)
class Recipe:
    """What a schema.org Recipe declares: ingredient lines and step texts."""

    ingredients: tuple[str, ...]
    steps: tuple[str, ...]


def read_recipe(root: HtmlElement) -> Recipe | None:
    """The first schema.org Recipe declared in *root*'s JSON-LD, if it has ingredients."""
    for obj in json_ld_objects(root):
        kinds = obj.get("@type")
        names = kinds if isinstance(kinds, list) else [kinds]
        if "Recipe" not in names:
            continue
        ingredients = _strings(obj.get("recipeIngredient") or obj.get("ingredients"))
        steps = _steps(obj.get("recipeInstructions"))
        if ingredients:
            return Recipe(tuple(ingredients[:_MAX_ITEMS]), tuple(steps[:_MAX_ITEMS]))
    return None


def add_recipe(article: HtmlElement, recipe: Recipe, text: str) -> bool:
    """Append the recipe to *article* unless *text* already has most of it.

    Returns True if anything was added.
    """
    flat = " ".join(text.split()).casefold()
    present = sum(1 for item in recipe.ingredients if item.casefold() in flat)
    if present >= len(recipe.ingredients) / 2:
        return False
    items = fragment_fromstring("<ul></ul>")
    for ingredient in recipe.ingredients:
        li = fragment_fromstring("<li></li>")
        li.text = ingredient
        items.append(li)
    article.append(items)
    missing_steps = [s for s in recipe.steps if s.casefold() not in flat]
    if missing_steps:
        steps = fragment_fromstring("<ol></ol>")
        for step in missing_steps:
            li = fragment_fromstring("<li></li>")
            li.text = step
            steps.append(li)
        article.append(steps)
    return True


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [clean_line(value)] if clean_line(value) else []
    if isinstance(value, list):
        return [clean_line(v) for v in value[:_MAX_ITEMS] if isinstance(v, str) and clean_line(v)]
    return []


def _steps(value: object) -> list[str]:
    """Step texts from recipeInstructions: text, list of texts, HowToStep/HowToSection."""
    if isinstance(value, str):
        return [clean_line(value)] if clean_line(value) else []
    steps: list[str] = []
    pending: list[object] = list(value[:_MAX_ITEMS]) if isinstance(value, list) else []
    while pending and len(steps) < _MAX_ITEMS:
        item = pending.pop(0)
        if isinstance(item, str):
            if clean_line(item):
                steps.append(clean_line(item))
        elif isinstance(item, dict):
            inner = item.get("itemListElement")
            if isinstance(inner, list):
                pending[:0] = inner[:_MAX_ITEMS]
            elif isinstance(item.get("text"), str) and clean_line(item["text"]):
                steps.append(clean_line(item["text"]))
    return steps
