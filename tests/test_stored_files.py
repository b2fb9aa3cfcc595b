"""A stored file lives only as long as the record of it: `removed_unless_recorded`."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from aigov.stored_files import removed_unless_recorded


@pytest.fixture
def evidence_storage(evidence_root):
    return storages["evidence"]


def test_a_file_whose_record_fails_is_removed(evidence_storage):
    name = evidence_storage.save("accepted/a", ContentFile(b"report"))
    with pytest.raises(RuntimeError), removed_unless_recorded("evidence", name):
        raise RuntimeError("the audit write failed")
    assert not evidence_storage.exists(name)


def test_a_recorded_file_is_kept(evidence_storage):
    name = evidence_storage.save("accepted/b", ContentFile(b"report"))
    with removed_unless_recorded("evidence", name):
        pass
    assert evidence_storage.open(name).read() == b"report"


def test_a_failed_record_without_a_file_removes_nothing(evidence_storage):
    with pytest.raises(RuntimeError), removed_unless_recorded("evidence", ""):
        raise RuntimeError("the metric did not validate")
