"""EO 14110 §4.2 compute report (historic: revoked 2025-01-20; existing reports stay readable)."""

from registry.regimes.filings import FieldSpec, FilingType

BASIS = "EO 14110 §4.2"

COMPUTE_REPORT = FilingType(
    code="us.compute_report",
    regime="us",
    title="Report on a dual-use foundation model trained above the compute threshold",
    basis=BASIS,
    subject_kind="gpai_model",
    fields=(
        FieldSpec("company", "Reporting company, address and contact", BASIS, kind="longtext"),
        FieldSpec("model_name", "Model name and version", BASIS),
        FieldSpec("training_compute", "Training compute (operations)", BASIS, kind="number"),
        FieldSpec(
            "development_activities",
            "Ongoing or planned activities to train, develop or "
            "produce the model, and the physical and cyber protections of that process",
            BASIS,
            kind="longtext",
        ),
        FieldSpec(
            "weights_ownership_and_protection",
            "Ownership and possession of the model weights and the measures protecting them",
            BASIS,
            kind="longtext",
        ),
        FieldSpec(
            "red_team_results",
            "Results of red-team testing and the measures taken to meet safety objectives",
            BASIS,
            kind="longtext",
        ),
    ),
    # Never offered any more: since the revocation (2025-01-20) there is no federal
    # reporting duty, so no new report is filed whatever date a profile is read on.
    # The type stays declared so that existing reports remain readable and reviewable.
    needed=lambda c: False,
    stages=("review",),
    route=lambda stage, context: "us-bis",
    number=lambda context, sequence, day: f"US-BIS-{day.year}-{sequence:06d}",
    number_prefix=lambda context, day: f"US-BIS-{day.year}",
    # Reports to the Department of Commerce are not published.
    publishable=False,
)

FILING_TYPES = {COMPUTE_REPORT.code: COMPUTE_REPORT}
