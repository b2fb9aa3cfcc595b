"""The made-up market `benchmarks/seed.py` seeds: where operators are established, their
names, the uses their systems are put to and how filings are spread over statuses."""

from registry.models import FilingStatus

# Where the operators are established: a rough weight by the size of each AI market.
COUNTRY_WEIGHTS = {
    "DE": 30, "FR": 22, "NL": 12, "IT": 12, "ES": 12, "SE": 8, "IE": 8, "BE": 7, "PL": 7,
    "AT": 5, "DK": 5, "FI": 5, "PT": 4, "CZ": 4, "RO": 3, "GR": 3, "HU": 3, "LU": 3,
    "EE": 2, "LT": 2, "SK": 2, "SI": 2, "BG": 2, "HR": 2, "LV": 1, "CY": 1, "MT": 1,
}  # fmt: skip
CAPITALS = {
    "AT": "Wien", "BE": "Bruxelles", "BG": "Sofia", "HR": "Zagreb", "CY": "Nicosia",
    "CZ": "Praha", "DK": "København", "EE": "Tallinn", "FI": "Helsinki", "FR": "Paris",
    "DE": "Berlin", "GR": "Athina", "HU": "Budapest", "IE": "Dublin", "IT": "Roma",
    "LV": "Riga", "LT": "Vilnius", "LU": "Luxembourg", "MT": "Valletta",
    "NL": "Amsterdam", "PL": "Warszawa", "PT": "Lisboa", "RO": "București",
    "SK": "Bratislava", "SI": "Ljubljana", "ES": "Madrid", "SE": "Stockholm",
}  # fmt: skip
LEGAL_FORMS = {
    "DE": "GmbH", "AT": "GmbH", "FR": "SAS", "BE": "SA", "LU": "S.à r.l.", "NL": "B.V.",
    "IT": "S.r.l.", "ES": "S.L.", "PT": "Lda.", "SE": "AB", "DK": "ApS", "FI": "Oy",
    "PL": "sp. z o.o.", "CZ": "s.r.o.", "SK": "s.r.o.", "IE": "Ltd", "MT": "Ltd",
    "CY": "Ltd", "EE": "OÜ", "LV": "SIA", "LT": "UAB", "HU": "Kft.", "RO": "S.R.L.",
    "BG": "EOOD", "HR": "d.o.o.", "SI": "d.o.o.", "GR": "IKE",
}  # fmt: skip
NAME_PARTS = (
    "Nord", "Lumen", "Aster", "Vela", "Orion", "Kite", "Atlas", "Nova", "Cobalt", "Helix",
    "Quanta", "Sirius", "Tessera", "Vireo", "Alder", "Brio", "Cinder", "Delta", "Ember",
    "Fjord", "Garnet", "Harbor", "Iris", "Juniper", "Kestrel", "Lyra", "Meridian", "Nimbus",
    "Opal", "Pioneer", "Quill", "Rowan", "Saffron", "Tidal", "Umber", "Vantage", "Willow",
    "Zephyr",
)  # fmt: skip
NAME_TAILS = (
    "Analytics", "Labs", "Systems", "Intelligence", "Data", "Technologies", "Insights",
    "Works", "AI",
)  # fmt: skip

# Annex III point → (what the system does, what it reads, name stems). Points 6 and 7
# land in the Art. 49(4) non-public section; point 2 is registered nationally.
ANNEX_III_USES = {
    "1(a)": ("Remote biometric identification of persons in recorded video, after the event",
             "facial images from recorded CCTV footage compared with a reference database",
             ("FaceTrace", "IdentiScan")),
    "1(b)": ("Biometric categorisation of visitors by age group for access control",
             "facial images from entrance cameras", ("AgeGate", "CohortLens")),
    "1(c)": ("Emotion recognition of drivers to detect fatigue and distraction",
             "in-cabin camera video of the driver's face", ("DriveSense", "MoodWatch")),
    "2": ("Safety component managing load balancing in the electricity grid",
          "grid telemetry, weather forecasts and demand curves", ("GridPilot", "VoltGuard")),
    "3(a)": ("Ranking applicants for admission to university study programmes",
             "application files, grades and admission test results",
             ("AdmitRank", "CampusMatch")),
    "3(b)": ("Automated grading of written exams and evaluation of learning outcomes",
             "scanned exam answers and marking schemes", ("GradeFlow", "ExamScore")),
    "3(c)": ("Placement test recommending the appropriate level of education for pupils",
             "test answers and school records", ("LevelUp", "PathFinder")),
    "3(d)": ("Proctoring that monitors students for prohibited behaviour during online exams",
             "webcam video, screen activity and keystrokes", ("ProctorEye", "ExamGuard")),
    "4(a)": ("Screening CVs and ranking job applicants for recruitment and selection",
             "CVs, cover letters and answers to screening questions",
             ("TalentRank", "HireLens")),
    "4(b)": ("Allocating shifts and monitoring the performance of warehouse workers",
             "scanner events, shift schedules and productivity metrics",
             ("ShiftWise", "WorkPulse")),
    "5(a)": ("Assessing eligibility for social security benefits and public assistance",
             "benefit applications, income and household records",
             ("BenefitCheck", "CivicAssist")),
    "5(b)": ("Creditworthiness assessment and credit scoring of consumers applying for loans",
             "credit bureau data, income and application answers", ("CreditScope", "LoanSense")),
    "5(c)": ("Risk assessment and pricing for life and health insurance",
             "medical questionnaires, claims history and demographics",
             ("RiskPrice", "InsureIQ")),
    "5(d)": ("Triage of emergency calls and dispatch of ambulances and fire services",
             "emergency call transcripts, caller location and unit availability",
             ("RapidTriage", "DispatchAI")),
    "6(a)": ("Assessing the risk of a person becoming the victim of a criminal offence",
             "police records and incident reports", ("VictimShield", "SafeNet")),
    "6(b)": ("Polygraph-like analysis of statements during police interviews",
             "audio and video of interviews", ("VeriVoice", "TruthLens")),
    "6(c)": ("Evaluating the reliability of evidence in criminal investigations",
             "case files and forensic reports", ("EviCheck", "CaseWeigh")),
    "6(d)": ("Assessing the risk of a person offending or re-offending",
             "criminal records and probation reports", ("RecidRisk", "ParoleView")),
    "6(e)": ("Profiling of persons in the detection and investigation of crime",
             "investigation data and communication metadata", ("ProfileNet", "TraceGraph")),
    "7(a)": ("Polygraph-like assessment of travellers at border crossings",
             "interview video and travel documents", ("BorderVoice", "CrossCheck")),
    "7(b)": ("Assessing security and health risks of persons entering the territory",
             "travel history, visa data and declarations", ("EntryRisk", "ArrivalScan")),
    "7(c)": ("Examining applications for asylum, visas and residence permits",
             "application files and supporting documents", ("AsylumAssist", "VisaFlow")),
    "7(d)": ("Detecting and identifying persons in migration and border control",
             "border camera images and document scans", ("BorderID", "GateMatch")),
    "8(a)": ("Assisting judges in researching and interpreting facts and the law",
             "court files, case law and legislation", ("JurisAssist", "CaseCounsel")),
    "8(b)": ("Optimising political campaigns to influence voting behaviour in elections",
             "voter survey data and social media engagement", ("VoteReach", "CampaignIQ")),
}  # fmt: skip
# How often each Annex III point occurs among the high-risk systems.
ANNEX_III_WEIGHTS = {
    "1(a)": 3, "1(b)": 2, "1(c)": 2, "2": 4, "3(a)": 4, "3(b)": 5, "3(c)": 3, "3(d)": 3,
    "4(a)": 12, "4(b)": 7, "5(a)": 5, "5(b)": 10, "5(c)": 7, "5(d)": 4, "6(a)": 1,
    "6(b)": 1, "6(c)": 1, "6(d)": 1, "6(e)": 1, "7(a)": 1, "7(b)": 1, "7(c)": 1, "7(d)": 1,
    "8(a)": 3, "8(b)": 2,
}  # fmt: skip
# Art. 50 triggers of the limited-risk systems, with what such a system does.
LIMITED_USES = (
    ({"interacts_with_persons": True}, "Customer service chatbot answering questions "
     "about orders, invoices and deliveries", "chat messages", ("HelpChat", "AskBot")),
    ({"interacts_with_persons": True, "generates_synthetic_content": True},
     "Conversational assistant drafting emails and documents for office staff",
     "user prompts and documents", ("DraftMate", "OfficePal")),
    ({"generates_synthetic_content": True}, "Generating marketing images and product "
     "photos from text descriptions", "text prompts", ("PixelForge", "AdCanvas")),
    ({"generates_synthetic_content": True, "deepfake": True}, "Synthetic voice and video "
     "avatars for training videos", "scripts and reference recordings",
     ("AvatarStudio", "VoiceClone")),
    ({"emotion_recognition": True}, "Measuring audience reactions to advertisements",
     "video of test audiences", ("AdReact", "SmileMeter")),
    ({"biometric_categorisation": True}, "Estimating the age of shoppers for "
     "age-restricted purchases", "camera images at self-checkouts", ("AgeCheck", "ID-Lite")),
)  # fmt: skip
MINIMAL_USES = (
    ("Filtering spam and phishing from company mailboxes", "incoming email",
     ("MailShield", "SpamSift")),
    ("Forecasting inventory demand for retail stores", "sales history and promotions",
     ("StockCast", "ShelfSense")),
    ("Predictive maintenance of industrial pumps", "vibration and temperature sensors",
     ("PumpCare", "MachineMind")),
    ("Recommending articles in a news app", "reading history", ("NewsPick", "ReadNext")),
    ("Optimising delivery routes for parcel vans", "addresses and traffic data",
     ("RouteWise", "ParcelPath")),
)  # fmt: skip
# Filing states of the high-risk systems' filings, with their share.
STATUS_WEIGHTS = {
    FilingStatus.REGISTERED: 50,
    FilingStatus.SUBMITTED: 10,
    FilingStatus.IN_REVIEW: 10,
    FilingStatus.DRAFT: 12,
    FilingStatus.CHANGES_REQUESTED: 10,
    FilingStatus.REJECTED: 8,
}
# The review target the benchmark assumes for pending filings' `decision_due_at` (the EU
# regime itself sets none: `EU_REVIEW_TARGET_DAYS` is None).
REVIEW_DAYS = 30
# Search words for the public register: topics, a phrase, and (added below) a provider's
# name and a registration number.
SEARCH_WORDS = ["recruitment", "credit scoring", "insurance", "exams", "emergency", "biometric"]
