from registry.regimes.profile import validate_profile


def make_profile(**answers) -> dict:
    """A validated profile: the defaults with `answers` on top."""
    profile, errors = validate_profile(answers)
    assert not errors, errors
    return profile
