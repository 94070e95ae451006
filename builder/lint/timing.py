"""Rules module-overrun and deck-overrun: minutes add up per module and per deck."""

from __future__ import annotations

from builder.diagnostics import Diagnostic, warning
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
                f"module '{module_id}': its slides add up to {fixed:g} minutes, but the module has {module.minutes}",
                lib.origin("module", module_id).where("minutes"),
                "raise 'minutes' of the module or shorten the slides' minutes",
            ))
    for plan in plans:
        if plan.planned_minutes > plan.deck.minutes:
            parts = " + ".join(f"{p.minutes}" for p in plan.programme)
            out.append(warning(
                "deck-overrun",
                f"deck '{plan.deck.id}' plans {plan.planned_minutes} minutes ({parts}), "
                f"but the slot is {plan.deck.minutes} minutes: {plan.planned_minutes - plan.deck.minutes} too many",
                lib.origin("deck", plan.deck.id).where("minutes"),
                "drop a module, shorten one with 'minutes:' in the deck, or ask for a longer slot",
            ))
    return out
