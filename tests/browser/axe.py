"""axe-core (the npm package of tests/browser/package.json, installed by `make test`) run in the
page under test: WCAG 2.0/2.1 A and AA rules. The script is read from the disk and evaluated
through the browser's debugging protocol, so the portal's Content-Security-Policy stays as it is
and nothing is fetched from the network."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _source() -> str:
    if not AXE.exists():
        raise AssertionError(f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/browser`")
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[str]:
    """The page's WCAG 2.1 AA violations, one line each (rule, impact, the first elements)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source() + "\n;undefined")
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '')"
        ".replace(/\\s+/g, ' ').slice(0, 240))})))",
        TAGS,
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} – {' | '.join(v['nodes'])}" for v in found]


def assert_accessible(page, where: str = "") -> None:
    found = violations(page)
    assert not found, f"axe on {where or page.url}:\n" + "\n".join(found)
