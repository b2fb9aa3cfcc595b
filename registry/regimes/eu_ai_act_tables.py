"""EU AI Act tables as data: Art. 5 practices, Annex III points, Art. 6(3) conditions,
Art. 50 triggers, Art. 43 / 49 readings and the obligations with their legal basis."""

# The Art. 5(1)(h) practice and the practice the Digital Omnibus adds (prohibited only in
# the amended text, from the date of its rule); the profile reads its codes from here.
RBI_PRACTICE = "realtime_remote_biometric_id_law_enforcement"
NCII_PRACTICE = "non_consensual_intimate_imagery"

# --- Art. 5 -----------------------------------------------------------------------------

ART5_PRACTICES: dict[str, dict[str, str]] = {
    "subliminal_manipulation": {
        "title": "Subliminal, manipulative or deceptive techniques causing significant harm",
        "basis": "Art. 5(1)(a)",
    },
    "exploit_vulnerabilities": {
        "title": "Exploiting vulnerabilities due to age, disability or social or economic "
        "situation",
        "basis": "Art. 5(1)(b)",
    },
    "social_scoring": {
        "title": "Social scoring leading to detrimental or unfavourable treatment",
        "basis": "Art. 5(1)(c)",
    },
    "crime_prediction_profiling_only": {
        "title": "Predicting the risk of a person committing a crime solely from profiling or "
        "personality traits",
        "basis": "Art. 5(1)(d)",
    },
    "untargeted_face_scraping": {
        "title": "Untargeted scraping of facial images to build face-recognition databases",
        "basis": "Art. 5(1)(e)",
    },
    "emotion_recognition_workplace_education": {
        "title": "Inferring emotions at the workplace or in education (other than for medical "
        "or safety reasons)",
        "basis": "Art. 5(1)(f)",
    },
    "biometric_categorisation_sensitive": {
        "title": "Biometric categorisation inferring race, political opinions, trade union "
        "membership, religion, sex life or sexual orientation",
        "basis": "Art. 5(1)(g)",
    },
    RBI_PRACTICE: {
        "title": "Real-time remote biometric identification in publicly accessible spaces for "
        "law enforcement",
        "basis": "Art. 5(1)(h)",
    },
    # Added by the Digital Omnibus; in the amended text only (eu_ai_act_rulebook.RULES).
    # REGULATION.md does not give the new point's letter.
    NCII_PRACTICE: {
        "title": "Generating or manipulating non-consensual intimate or sexually explicit "
        "imagery of identifiable real persons, or child sexual abuse material",
        "basis": "Art. 5(1) as amended by the Digital Omnibus",
    },
}

# Art. 5(1)(h)(i)-(iii): the only objectives for which real-time RBI may be used.
ART5_EXCEPTIONS: dict[str, dict[str, str]] = {
    "victim_search": {
        "title": "Targeted search for victims of abduction, trafficking or sexual "
        "exploitation, or for missing persons",
        "basis": "Art. 5(1)(h)(i)",
    },
    "imminent_threat": {
        "title": "Preventing a specific, substantial and imminent threat to life or physical "
        "safety, or a terrorist attack",
        "basis": "Art. 5(1)(h)(ii)",
    },
    "serious_crime_suspect": {
        "title": "Locating or identifying a suspect of an Annex II offence punishable by at "
        "least four years",
        "basis": "Art. 5(1)(h)(iii)",
    },
}

# --- Art. 6 and Annex III -----------------------------------------------------------------

ANNEX_III_POINTS: dict[str, str] = {
    "1(a)": "Remote biometric identification",
    "1(b)": "Biometric categorisation by sensitive attributes",
    "1(c)": "Emotion recognition",
    "2": "Safety component of critical infrastructure",
    "3(a)": "Access or admission to education and training",
    "3(b)": "Evaluating learning outcomes",
    "3(c)": "Assessing the appropriate level of education",
    "3(d)": "Monitoring students for prohibited behaviour during tests",
    "4(a)": "Recruitment and selection",
    "4(b)": "Decisions on work relationships, task allocation and worker monitoring",
    "5(a)": "Eligibility for public assistance benefits and services",
    "5(b)": "Creditworthiness and credit scoring (not fraud detection)",
    "5(c)": "Risk assessment and pricing in life and health insurance",
    "5(d)": "Emergency call evaluation, dispatch and patient triage",
    "6(a)": "Law enforcement: risk of becoming a victim of crime",
    "6(b)": "Law enforcement: polygraphs and similar tools",
    "6(c)": "Law enforcement: reliability of evidence",
    "6(d)": "Law enforcement: risk of offending or re-offending",
    "6(e)": "Law enforcement: profiling in criminal investigations",
    "7(a)": "Migration and border control: polygraphs and similar tools",
    "7(b)": "Migration and border control: security, irregular-migration or health risk",
    "7(c)": "Examining asylum, visa and residence permit applications",
    "7(d)": "Migration and border control: detecting, recognising or identifying persons",
    "8(a)": "Assisting judicial authorities in researching and applying the law",
    "8(b)": "Influencing the outcome of elections or referenda or voting behaviour",
}

# Annex III areas, for grouping the points in the questionnaire's select.
ANNEX_III_AREAS = {
    "1": "1. Biometrics",
    "2": "2. Critical infrastructure",
    "3": "3. Education and vocational training",
    "4": "4. Employment, workers' management and access to self-employment",
    "5": "5. Access to essential private and public services and benefits",
    "6": "6. Law enforcement",
    "7": "7. Migration, asylum and border control management",
    "8": "8. Administration of justice and democratic processes",
}

ART_6_3_CONDITIONS: dict[str, str] = {
    "a": "performs a narrow procedural task",
    "b": "improves the result of a previously completed human activity",
    "c": "detects decision-making patterns without replacing or influencing the human "
    "assessment without proper human review",
    "d": "performs a preparatory task to an assessment relevant to an Annex III use case",
}

# Art. 5(1)(h) with an exception is Annex III 1(a) remote biometric identification.
RBI_POINT = "1(a)"

# --- Art. 50 --------------------------------------------------------------------------------

ART50_TRIGGERS: dict[str, dict[str, str]] = {
    "interacts_with_persons": {
        "basis": "Art. 50(1)",
        "duty": "the provider makes sure people are told they are interacting with an AI system",
    },
    "generates_synthetic_content": {
        "basis": "Art. 50(2)",
        "duty": "the provider marks synthetic audio, image, video or text output in a "
        "machine-readable format as artificially generated",
    },
    "emotion_recognition": {
        "basis": "Art. 50(3)",
        "duty": "the deployer informs the people exposed to emotion recognition",
    },
    "biometric_categorisation": {
        "basis": "Art. 50(3)",
        "duty": "the deployer informs the people exposed to biometric categorisation",
    },
    "deepfake": {
        "basis": "Art. 50(4)",
        "duty": "the deployer discloses that deep-fake content is artificially generated "
        "or manipulated",
    },
    "public_interest_text": {
        "basis": "Art. 50(4)",
        "duty": "the deployer discloses that text published to inform the public on matters "
        "of public interest is artificially generated or manipulated",
    },
}
# The same activity may also be an Annex III use; the answer is the provider's to give.
ART50_ANNEX_III_HINTS = {"emotion_recognition": "1(c)", "biometric_categorisation": "1(b)"}

# --- Art. 43 and Art. 49 -----------------------------------------------------------------

# Art. 43(1): for Annex III point 1, fully applied harmonised standards allow a choice;
# otherwise Annex VII (notified body) is mandatory.
POINT_1_PROCEDURE = {"full": "annex_vi_or_vii", "partial": "annex_vii", "none": "annex_vii"}
POINT_1_PROCEDURE_WHY = {
    "full": "harmonised standards are fully applied, so the provider may choose internal "
    "control (Annex VI) or a notified body (Annex VII)",
    "partial": "harmonised standards are applied only in part, so the notified-body "
    "procedure of Annex VII is mandatory",
    "none": "harmonised standards are not applied, so the notified-body procedure of "
    "Annex VII is mandatory",
}
# Art. 49(1), (3) and (5): point 2 registers at national level, not in the EU database.
# (The Art. 49(3) exclusion is read from the official text; REGULATION.md lists only 49(5).)
NATIONAL_REGISTRATION_AREAS = frozenset({"2"})
# Art. 27(1): the FRIA covers Art. 6(2) systems except point 2; any deployer of 5(b)/5(c).
# (The point 2 exclusion is read from the official text; REGULATION.md does not state it.)
FRIA_EXCLUDED_AREAS = frozenset({"2"})
FRIA_ANY_DEPLOYER_POINTS = frozenset({"5(b)", "5(c)"})
# Art. 49(4): points 1, 6 and 7 "in the areas of law enforcement, migration, asylum and
# border control management" go to the secure non-public section, for registrations under
# Art. 49(1), (2) and (3) alike (official text). Points 6 and 7 are those areas by
# definition; a point 1 system only when used there, which the profile reveals only
# through the Art. 5(1)(h) exception. Unconfirmed reading: a point 1 system used by law
# enforcement outside Art. 5(1)(h) is not detected; the profile has no such question.
NON_PUBLIC_AREAS = frozenset({"6", "7"})
NON_PUBLIC_IF_LAW_ENFORCEMENT_AREAS = frozenset({"1"})
# The values of `registration` and `deployer_registration`.
REGISTRATIONS: dict[str, dict[str, str]] = {
    "art_49_1": {
        "basis": "Art. 49(1)",
        "text": "the provider registers the system in the EU database (Annex VIII Section A)",
    },
    "art_49_2": {
        "basis": "Art. 49(2)",
        "text": "the provider registers the not-high-risk "
        "system in the EU database (Annex VIII Section B)",
    },
    "art_49_3": {
        "basis": "Art. 49(3)",
        "text": "the public-authority deployer registers its "
        "use in the EU database (Annex VIII Section C)",
    },
    "national": {"basis": "Art. 49(5)", "text": "the system is registered at national level"},
}

# --- Obligations ------------------------------------------------------------------------

# Requirement codes shared with the assessment catalogues (DESIGN.md §8). Art. 54
# (authorised representative of a non-EU GPAI provider) is left out: the profile does
# not say where the provider is established.
OBLIGATIONS: dict[str, dict[str, str]] = {
    "eu.art5": {
        "title": "Prior authorisation, FRIA and registration for each real-time remote "
        "biometric identification use",
        "basis": "Art. 5(2)-(3)",
        "addressee": "deployer",
    },
    "eu.art6": {
        "title": "Documented assessment that the Annex III system is not high-risk",
        "basis": "Art. 6(4)",
        "addressee": "provider",
    },
    "eu.art9": {"title": "Risk management system", "basis": "Art. 9", "addressee": "provider"},
    "eu.art10": {
        "title": "Data and data governance",
        "basis": "Art. 10",
        "addressee": "provider",
    },
    "eu.art11": {
        "title": "Technical documentation (Annex IV)",
        "basis": "Art. 11",
        "addressee": "provider",
    },
    "eu.art12": {
        "title": "Record-keeping (automatic logs)",
        "basis": "Art. 12",
        "addressee": "provider",
    },
    "eu.art13": {
        "title": "Transparency and instructions for use",
        "basis": "Art. 13",
        "addressee": "provider",
    },
    "eu.art14": {"title": "Human oversight", "basis": "Art. 14", "addressee": "provider"},
    "eu.art15": {
        "title": "Accuracy, robustness and cybersecurity",
        "basis": "Art. 15",
        "addressee": "provider",
    },
    "eu.art17": {
        "title": "Quality management system",
        "basis": "Art. 17",
        "addressee": "provider",
    },
    "eu.art27": {
        "title": "Fundamental rights impact assessment",
        "basis": "Art. 27",
        "addressee": "deployer",
    },
    "eu.art43": {"title": "Conformity assessment", "basis": "Art. 43", "addressee": "provider"},
    "eu.art47": {
        "title": "EU declaration of conformity (Annex V)",
        "basis": "Art. 47",
        "addressee": "provider",
    },
    "eu.art48": {"title": "CE marking", "basis": "Art. 48", "addressee": "provider"},
    "eu.art49": {
        "title": "Registration",
        "basis": "Art. 49",
        "addressee": "provider, deployer",
    },
    "eu.art50": {
        "title": "Transparency for certain AI systems",
        "basis": "Art. 50",
        "addressee": "provider, deployer",
    },
    "eu.art52": {
        "title": "Notify the Commission within two weeks of meeting the compute threshold",
        "basis": "Art. 52(1)",
        "addressee": "provider",
    },
    "eu.art53": {
        "title": "Obligations of providers of general-purpose AI models",
        "basis": "Art. 53",
        "addressee": "provider",
    },
    "eu.art55": {
        "title": "Evaluation, systemic-risk mitigation, incident reporting and cybersecurity",
        "basis": "Art. 55",
        "addressee": "provider",
    },
    "eu.art72": {
        "title": "Post-market monitoring",
        "basis": "Art. 72",
        "addressee": "provider",
    },
    "eu.art73": {
        "title": "Reporting of serious incidents",
        "basis": "Art. 73",
        "addressee": "provider",
    },
}
# Chapter III: what the provider of every high-risk AI system must do (Art. 16, 72, 73).
HIGH_RISK_OBLIGATIONS = (
    "eu.art9", "eu.art10", "eu.art11", "eu.art12", "eu.art13", "eu.art14", "eu.art15",
    "eu.art17", "eu.art43", "eu.art47", "eu.art48", "eu.art72", "eu.art73",
)  # fmt: skip
