"""Steps and cast shared by the browser journeys: signing in, the two EU authorities that
review filings and incidents, and Gridworks' Annex VII assessment at Prüfstelle Nord."""

from tests.factories import (
    AssessorFactory,
    AuthorityFactory,
    MembershipFactory,
    OrganizationFactory,
    make_assessment,
    make_system,
)

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def eu_reviewers():
    """The German and the French market surveillance authorities, each with a reviewer:
    rita@bnetza.test and remy@cnil.test."""
    germany = AuthorityFactory(
        name="Bundesnetzagentur", slug="bnetza", authority_code="eu-msa-de", country="DE"
    )
    france = AuthorityFactory(name="CNIL", slug="cnil", authority_code="eu-msa-fr", country="FR")
    MembershipFactory(organization=germany, role="reviewer", user__email="rita@bnetza.test")
    MembershipFactory(organization=france, role="reviewer", user__email="remy@cnil.test")
    return germany, france


def border_screening_at_nord(requirements):
    """Gridworks AG's high-risk "Border screening" in an Annex VII assessment of
    `requirements`, in progress at Prüfstelle Nord, whose lead is lea@nord.test."""
    operator = OrganizationFactory(name="Gridworks AG", slug="gridworks", country="DE")
    system = make_system(
        operator,
        name="Border screening",
        profile={"annex_iii_point": "1(a)", "harmonised_standards": "none"},
    )
    body = AssessorFactory(name="Prüfstelle Nord", slug="pruefstelle-nord")
    MembershipFactory(organization=body, role="lead", user__email="lea@nord.test")
    return make_assessment(
        operator, ai_system=system, assessor_organization=body, requirements=requirements
    )


def the_lead_opens_border_screening(page, live_server):
    """lea@nord.test signs in and opens the assessment from her assignments."""
    sign_in(page, live_server, "lea@nord.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assignments").click()
    page.get_by_role("link", name="Border screening").click()


def record_the_decision(page, decision, reason):
    page.locator("#id_decide-decision").select_option(decision)
    page.locator("#id_decide-reason").fill(reason)
    page.get_by_role("button", name="Record the decision").click()
