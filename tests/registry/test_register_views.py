"""The public register in the browser: no sign-in, only registered entries, only their
public fields (with their labels), search, filters, exports and the Art. 52(6) list."""

import csv
import html
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aigov.accounts.actor import Actor
from aigov.accounts.models import Organization
from registry.models import Filing, FilingStatus
from registry.regimes import FILING_TYPES
from registry.services import filing_accept
from tests.conftest import member
from tests.factories import AuthorityFactory, OrganizationFactory, make_model, make_system

pytestmark = pytest.mark.django_db

SECRET = "SECRET-VALUE"
PUBLISHABLE = sorted(code for code, t in FILING_TYPES.items() if t.publishable)


def full_data(filing_type) -> dict:
    """A value for every field; every non-public value carries SECRET."""
    data = {}
    for spec in filing_type.fields:
        marker = f"PUBLIC-{spec.name}" if spec.public else f"{SECRET}-{spec.name}"
        if spec.kind in ("text", "longtext"):
            data[spec.name] = marker
        elif spec.kind == "url":
            data[spec.name] = f"https://example.org/{marker}"
        elif spec.kind == "email":
            data[spec.name] = f"{marker.lower()}@example.org"
        elif spec.kind == "date":
            data[spec.name] = "2026-11-01"
        elif spec.kind == "choice":
            data[spec.name] = spec.choices[0][0]
        elif spec.kind == "choices":
            data[spec.name] = [spec.choices[0][0]]
        elif spec.kind == "number":
            data[spec.name] = 987654321 if not spec.public else 123
        elif spec.kind == "bool":
            data[spec.name] = True
    if "province" in data:
        data["province"] = "BJ"
    return data


def register(
    owner,
    code,
    *,
    name=None,
    status=FilingStatus.IN_REVIEW,
    non_public=False,
    accept=True,
    profile=None,
    provider_entry_public=True,
    provider=None,
):
    """A filing of `code` at its last stage in `status`, then accepted if `accept`. A
    deployer's use refers to an entry of `provider` (by default the owner itself)."""
    filing_type = FILING_TYPES[code]
    fields = {"name": name} if name else {}
    if filing_type.subject_kind == "registered_filing":
        # A deployer's use (Section C) refers to a registered provider entry; kept in the
        # non-public section unless `provider_entry_public`, so that only the filing under
        # test can be on the register.
        provider_entry = register(
            provider or owner,
            filing_type.extra["references"],
            name=name,
            profile=profile,
            non_public=not provider_entry_public,
        )
        link = {"provider_filing": provider_entry}
    elif filing_type.subject_kind == "ai_system":
        link = {"ai_system": make_system(owner, profile, **fields)}
    else:
        link = {"gpai_model": make_model(owner, **fields)}
    authority_code = filing_type.route(
        filing_type.stages[-1],
        {"data": {"province": "BJ"}, "organization": {"in_eu": True, "country": "DE"}},
    )
    authority = Organization.objects.filter(authority_code=authority_code).first()
    authority = authority or AuthorityFactory(
        authority_code=authority_code, slug=f"a-{authority_code}"
    )
    filing = Filing.objects.create(
        organization=owner,
        filing_type=code,
        regime=filing_type.regime,
        status=status,
        stage=len(filing_type.stages) - 1,
        authority=authority,
        non_public=non_public,
        data=full_data(filing_type),
        **link,
    )
    if accept and status == FilingStatus.IN_REVIEW:
        user = member(authority, "reviewer")
        reviewer = Actor(organization=authority, role="reviewer", user=user)
        filing = filing_accept(actor=reviewer, filing=filing)
    return filing


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return html.unescape(response.content.decode())


def numbers(response) -> list[str]:
    # The first cell of each row; the subject's name links to the entry too.
    return re.findall(
        r'<td><a href="/register/[0-9a-f-]{36}/">([^<]+)</a></td>\s*<td>[^<]*<br>',
        response.content.decode(),
    )


@pytest.mark.parametrize("code", PUBLISHABLE)
def test_an_entry_shows_only_its_public_fields_with_their_labels(client, owner, code):
    filing_type = FILING_TYPES[code]
    entry = register(owner, code)
    assert entry.status == "registered"
    pages = [
        client.get(reverse("register")),
        client.get(reverse("register_entry", args=[entry.pk])),
        client.get(reverse("register_export_csv")),
        client.get(reverse("register_export_json")),
        client.get(reverse("register_gpai_systemic_risk")),
    ]
    for response in pages:
        assert response.status_code == 200
        assert SECRET not in body(response) and SECRET.lower() not in body(response)
        assert "987654321" not in body(response) and "987,654,321" not in body(response)
    page = body(pages[1])
    assert entry.registration_number in page
    assert owner.name in page
    for spec in filing_type.fields:
        if spec.public:
            assert html.unescape(spec.label) in page, spec.name
        else:
            assert spec.label not in page, spec.name


def test_the_register_needs_no_sign_in_and_shows_the_entry(client, owner):
    entry = register(owner, "eu.high_risk", name="CreditScore")
    listing = client.get(reverse("register"))
    assert listing.status_code == 200
    text = body(listing)
    assert entry.registration_number in text and "CreditScore" in text and owner.name in text
    assert "EU database registration of a high-risk AI system" in text
    assert reverse("register_entry", args=[entry.pk]) in text
    # The navigation for visitors: the register, and signing in.
    assert 'href="/login/"' in text


@pytest.mark.parametrize(
    "status", ["draft", "submitted", "in_review", "changes_requested", "rejected", "suspended"]
)
def test_what_is_not_registered_is_not_in_the_register(client, owner, status):
    filing = register(owner, "eu.high_risk", status=status, accept=False)
    assert client.get(reverse("register_entry", args=[filing.pk])).status_code == 404
    assert str(filing.pk) not in body(client.get(reverse("register")))
    assert str(filing.pk) not in body(client.get(reverse("register_export_json")))


def test_withdrawn_non_public_and_confidential_entries_are_404(client, owner):
    withdrawn = register(owner, "eu.high_risk")
    Filing.objects.filter(pk=withdrawn.pk).update(status=FilingStatus.WITHDRAWN)
    hidden = register(owner, "eu.high_risk", non_public=True)  # Art. 49(4)
    us_report = register(owner, "us.compute_report")  # never published
    risk_summary = register(owner, "us_ca.risk_summary")  # SB 53: confidential to Cal OES
    assert hidden.status == us_report.status == risk_summary.status == "registered"
    for filing in (withdrawn, hidden, us_report, risk_summary):
        assert client.get(reverse("register_entry", args=[filing.pk])).status_code == 404
        for url in ("register", "register_export_csv", "register_export_json"):
            assert str(filing.pk) not in body(client.get(reverse(url)))
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/register/{missing}/").status_code == 404


def test_search_and_filters(client, owner):
    other = OrganizationFactory(name="Zeta Labs", slug="zeta")
    scorer = register(owner, "eu.high_risk", name="CreditScore")
    hirer = register(other, "eu.high_risk", name="HireBot")
    algorithm = register(owner, "cn.algorithm", name="Ranker")
    # Newest first.
    assert numbers(client.get(reverse("register"))) == [
        algorithm.registration_number,
        hirer.registration_number,
        scorer.registration_number,
    ]
    assert numbers(client.get(reverse("register"), {"q": "HireBot"})) == [hirer.registration_number]
    by_number = client.get(reverse("register"), {"q": scorer.registration_number})
    assert numbers(by_number) == [scorer.registration_number]
    assert numbers(client.get(reverse("register"), {"regime": "cn"})) == [
        algorithm.registration_number
    ]
    assert numbers(client.get(reverse("register"), {"provider": "zeta"})) == [
        hirer.registration_number
    ]
    by_type = client.get(reverse("register"), {"filing_type": "eu.high_risk"})
    assert len(numbers(by_type)) == 2
    today = timezone.now().date().isoformat()
    assert numbers(client.get(reverse("register"), {"registered_before": today})) == []
    nothing = client.get(reverse("register"), {"q": "no-such-thing"})
    assert "No entry matches" in body(nothing)
    # Readable filter labels: filing type titles, not codes.
    assert ">EU database registration of a high-risk AI system" in body(nothing)


def test_the_provider_filter_reads_the_name_frozen_at_registration(client, owner):
    deployer = OrganizationFactory(name="Deployer Hospital", slug="deployer")
    use = register(deployer, "eu.deployer", name="TriageBot", provider=owner)
    entry = use.provider_filing
    # The provider renames itself after registration; the register keeps the old name.
    Organization.objects.filter(pk=owner.pk).update(name="Renamed Unpublished Ltd")

    def found(provider):
        return sorted(numbers(client.get(reverse("register"), {"provider": provider})))

    assert found("Renamed Unpublished") == []
    assert found("Owner AI") == sorted([entry.registration_number, use.registration_number])
    # A deployer's use is listed under its provider, not under the deployer.
    assert found("Deployer Hospital") == []
    api = client.get("/api/v1/public/register/", {"provider": "Renamed Unpublished"})
    assert api.json()["results"] == []


def test_exports_follow_the_filters(client, owner):
    scorer = register(owner, "eu.high_risk", name="CreditScore")
    register(owner, "cn.algorithm", name="Ranker")
    page = client.get(reverse("register"), {"regime": "eu"})
    links = re.findall(r'href="(/register/export\.(?:csv|json)[^"]*)"', page.content.decode())
    assert len(links) == 2
    csv_response = client.get(html.unescape(links[0]))
    json_response = client.get(html.unescape(links[1]))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert json_response["Content-Type"] == "application/json"
    rows = list(csv.DictReader(io.StringIO(body(csv_response))))
    assert [row["registration_number"] for row in rows] == [scorer.registration_number]
    entries = json.loads(body(json_response))
    assert [entry["id"] for entry in entries] == [str(scorer.pk)]
    assert entries[0]["public_fields"]["trade_name"] == "PUBLIC-trade_name"
    everything = json.loads(body(client.get(reverse("register_export_json"))))
    assert len(everything) == 2


def test_the_register_filters_by_annex_iii_area_and_links_names(client, owner):
    hiring = register(owner, "eu.high_risk", name="HireBot", profile={"annex_iii_point": "4(a)"})
    credit = register(
        owner, "eu.not_high_risk", name="CreditScore", profile={"annex_iii_point": "5(b)"}
    )
    assert (hiring.registered_area, credit.registered_area) == ("eu.4", "eu.5")

    page = client.get(reverse("register"), {"area": "eu.4"})

    assert numbers(page) == [hiring.registration_number]
    text = body(page)
    assert "Annex III 4. Employment" in text  # the filter's choice and the row's area
    assert f'<a href="/register/{hiring.pk}/">HireBot</a>' in text
    entries = json.loads(body(client.get(reverse("register_export_json"), {"area": "eu.5"})))
    assert [entry["id"] for entry in entries] == [str(credit.pk)]


def test_the_csv_spreads_published_fields_into_columns(client, owner):
    scorer = register(owner, "eu.high_risk", name="CreditScore")
    ranker = register(owner, "cn.algorithm", name="Ranker")

    rows = list(csv.DictReader(io.StringIO(body(client.get(reverse("register_export_csv"))))))

    assert "public_fields" not in rows[0]
    by_number = {row["registration_number"]: row for row in rows}
    published = FILING_TYPES["eu.high_risk"].public_fields
    assert {f"published.{name}" for name in published} <= set(rows[0])
    assert by_number[scorer.registration_number]["published.trade_name"] == "PUBLIC-trade_name"
    assert by_number[scorer.registration_number]["provider"] == owner.name
    # Each entry fills its own type's columns; another type's columns stay empty.
    algorithm_row = by_number[ranker.registration_number]
    only_cn = [n for n in FILING_TYPES["cn.algorithm"].public_fields if n not in published]
    assert only_cn and all(algorithm_row[f"published.{name}"] for name in only_cn)
    assert all(by_number[scorer.registration_number][f"published.{n}"] == "" for n in only_cn)


def test_an_invalid_date_is_refused_with_a_message_not_ignored(client, owner):
    register(owner, "eu.high_risk", name="CreditScore")

    page = client.get(reverse("register"), {"registered_after": "2026-02-30"})

    assert page.status_code == 200
    text = body(page)
    assert "There is a problem" in text and "Enter a valid date" in text
    assert numbers(page) == []  # nothing listed, rather than the filter silently dropped
    download = client.get(reverse("register_export_csv"), {"registered_after": "2026-02-30"})
    assert download.status_code == 400
    assert "Registered on or after: Enter a valid date" in body(download)


def test_the_gpai_systemic_risk_list(client, owner):
    notified = register(owner, "eu.gpai_notification", name="Frontier")
    register(owner, "eu.high_risk", name="CreditScore")
    page = client.get(reverse("register_gpai_systemic_risk"))
    assert numbers(page) == [notified.registration_number]
    assert "Art. 52(6)" in body(page) and "Frontier" in body(page)


def test_register_query_count_does_not_grow_with_the_page(client, owner):
    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(2):
        register(owner, "eu.high_risk")
        register(owner, "eu.gpai_notification")
    few = (queries(reverse("register")), queries(reverse("register_gpai_systemic_risk")))
    for _ in range(8):
        register(owner, "eu.high_risk")
        register(owner, "eu.gpai_notification")
    many = (queries(reverse("register")), queries(reverse("register_gpai_systemic_risk")))
    assert many == few
