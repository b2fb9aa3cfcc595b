"""The GPAI compute sanity check: declared training FLOP against 6 x N x D."""

from dataclasses import asdict, dataclass

# A declared figure more than this factor away from 6·N·D is flagged for a second look.
GAP_FACTOR = 10.0


@dataclass(frozen=True)
class ComputeCheck:
    estimate_6nd: float | None
    ratio: float | None  # declared / estimate
    flagged: bool
    explanation: str

    def as_dict(self) -> dict:
        return asdict(self)


def compute_check(
    *, parameters: int | None, training_tokens: int | None, declared_flop: float | None
) -> ComputeCheck:
    """Compare the declared training compute with the dense-transformer rule of thumb.

    6·N·D (N parameters, D training tokens) approximates the FLOP of one pass over the
    data; mixture-of-experts models, several epochs or a wrong unit can legitimately move
    the figure, so a gap is a flag for review, not an error.
    """
    if not parameters or not training_tokens:
        return ComputeCheck(
            None,
            None,
            False,
            "Parameters and training tokens are both needed to estimate compute as 6 x N x D.",
        )
    estimate = 6.0 * parameters * training_tokens
    if not declared_flop:
        return ComputeCheck(
            estimate,
            None,
            False,
            f"Estimated {estimate:.2e} FLOP (6 x N x D); no declared figure to compare.",
        )
    ratio = declared_flop / estimate
    flagged = ratio > GAP_FACTOR or ratio < 1 / GAP_FACTOR
    if flagged:
        explanation = (
            f"The declared {declared_flop:.2e} FLOP is {ratio:.3g} times the 6 x N x D "
            f"estimate of {estimate:.2e} FLOP: a gap over {GAP_FACTOR:g}x. Check the "
            "figures (units, epochs, mixture-of-experts active parameters)."
        )
    else:
        explanation = (
            f"The declared {declared_flop:.2e} FLOP is within {GAP_FACTOR:g}x of the "
            f"6 x N x D estimate of {estimate:.2e} FLOP."
        )
    return ComputeCheck(estimate, ratio, flagged, explanation)
