"""Dashboard blocks that apps register, so the core's dashboard names no app (DESIGN.md §3).

A block is a template included at the end of the dashboard, with the dashboard's context,
for the organisation kinds and the permission it was registered with.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardBlock:
    template: str
    kinds: frozenset[str]
    permission: str


BLOCKS: list[DashboardBlock] = []


def dashboard_block(*, template: str, kinds: set[str] | frozenset[str], permission: str) -> None:
    """Show `template` on the dashboards of `kinds` to actors with `permission`.

    Blocks appear in the order they are registered; registering one twice is a no-op.
    """
    # str(): a TextChoices member hashes by its name, so it would not match the actor's kind.
    kinds = frozenset(str(kind) for kind in kinds)
    block = DashboardBlock(template=template, kinds=kinds, permission=permission)
    if block not in BLOCKS:
        BLOCKS.append(block)


def dashboard_blocks_for(actor) -> list[str]:
    """The templates of the blocks `actor`'s dashboard shows, in order."""
    return [
        block.template
        for block in BLOCKS
        if actor.kind in block.kinds and actor.can(block.permission)
    ]
