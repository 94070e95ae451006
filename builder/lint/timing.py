"""Rules module-overrun and deck-overrun: minutes add up per module and per deck."""

from __future__ import annotations

from builder.diagnostics import Diagnostic, warning
from builder.i18n import _, ngettext
from builder.library import Library
from builder.plan import DeckPlan


def time_budget(lib: Library, plans: list[DeckPlan]) -> list[Diagnostic]:
    """Warn where slide minutes exceed their module, or modules and pauses exceed the slot."""
    out = []
    for module_id, module in lib.modules.items():
        fixed = sum(s.minutes or 0 for s in module.slides)
        if fixed > module.minutes:
            out.append(warning(
                "module-overrun",
                ngettext("module '{module}': its slides add up to {fixed} minute, but the module has {minutes}",
                         "module '{module}': its slides add up to {fixed} minutes, but the module has {minutes}",
                         _count(fixed)).format(module=module_id, fixed=f"{fixed:g}", minutes=module.minutes),
                lib.origin("module", module_id).where("minutes"),
                _("raise 'minutes' of the module or shorten the slides' minutes"),
            ))
    for plan in plans:
        if plan.planned_minutes > plan.deck.minutes:
            parts = " + ".join(f"{p.minutes}" for p in plan.programme)
            over = plan.planned_minutes - plan.deck.minutes
            out.append(warning(
                "deck-overrun",
                ngettext("deck '{deck}' plans {planned} minutes ({parts}), but the slot is {slot} minutes: "
                         "{over} too many",
                         "deck '{deck}' plans {planned} minutes ({parts}), but the slot is {slot} minutes: "
                         "{over} too many", over).format(deck=plan.deck.id, planned=plan.planned_minutes,
                                                        parts=parts, slot=plan.deck.minutes, over=over),
                lib.origin("deck", plan.deck.id).where("minutes"),
                _("drop a module, shorten one with 'minutes:' in the deck, or ask for a longer slot"),
            ))
    return out


def _count(minutes: float) -> int:
    """Return a whole number that picks the right plural form for `minutes` (1.5 minutes is plural)."""
    return int(minutes) if minutes == int(minutes) else 2
