"""The demo's notices: both languages, several categories, one pinned, one with an attachment."""

import pytest

from notices import demo
from notices.choices import NoticeStatus
from notices.models import Notice, NoticeAttachment

pytestmark = pytest.mark.django_db


def test_demo_notices_and_loading_again_adds_none(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    published = Notice.objects.filter(status=NoticeStatus.PUBLISHED)
    assert 6 <= published.count() <= 8
    assert all(notice.title_ko and notice.title_en for notice in published)
    assert published.values("category").distinct().count() >= 4
    assert published.filter(pinned=True).count() == 1
    assert NoticeAttachment.objects.count() == 1
    demo.load()
    assert Notice.objects.count() == len(demo.NOTICES) + 1
