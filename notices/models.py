"""Notices KDIA publishes (with categories and attachments) and the public information pages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import bilingual
from notices.choices import NoticeStatus


def is_editor(user) -> bool:
    """KDIA writes the notices and the information pages."""
    return bool(user.is_authenticated and (user.is_kdia or user.is_superuser))


class NoticeCategory(models.Model):
    """A kind of notice (programme announcements, events, policy changes...), edited by KDIA."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=80, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice category")
        verbose_name_plural = _("notice categories")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_ko="") | ~Q(name_en=""), name="notice_category_has_a_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual.pick(self, "name")


class NoticeQuerySet(models.QuerySet):
    def public(self) -> NoticeQuerySet:
        """Published notices inside their publication window: what guests and feeds see."""
        now = timezone.now()
        return self.filter(status=NoticeStatus.PUBLISHED, published_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def visible_to(self, user) -> NoticeQuerySet:
        """KDIA sees drafts and scheduled or expired notices too; everyone else the public ones."""
        return self.all() if is_editor(user) else self.public()

    def editable_by(self, user) -> NoticeQuerySet:
        return self.all() if is_editor(user) else self.none()

    def board_order(self) -> NoticeQuerySet:
        """Pinned notices first, then the newest."""
        return self.order_by("-pinned", models.F("published_at").desc(nulls_first=True), "-pk")


class Notice(models.Model):
    """A notice KDIA publishes on the board, the home page and the feeds, in Korean and English."""

    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_ko = models.TextField(
        _("text (Korean)"),
        blank=True,
        help_text=_(
            "Plain text: blank lines separate paragraphs; - starts a list item; **bold**; [text](https://...)."
        ),
    )
    body_en = models.TextField(_("text (English)"), blank=True)
    category = models.ForeignKey(
        NoticeCategory, on_delete=models.PROTECT, related_name="notices", verbose_name=_("category")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    pinned = models.BooleanField(_("pinned to the top"), default=False)
    published_at = models.DateTimeField(
        _("published from"),
        null=True,
        blank=True,
        help_text=_("Korea time. Leave empty to publish at once when you publish the notice."),
    )
    expires_at = models.DateTimeField(
        _("shown until"), null=True, blank=True, help_text=_("Korea time. Leave empty to keep it shown.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-pinned", "-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title_ko="") | ~Q(title_en=""), name="notice_has_a_title"),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=models.F("published_at")),
                name="notice_expires_after_publication",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="notice_public_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual.pick(self, "title")

    @property
    def body(self) -> str:
        return bilingual.pick(self, "body")

    @property
    def is_public(self) -> bool:
        now = timezone.now()
        return (
            self.status == NoticeStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.expires_at is None or now < self.expires_at)
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED and bool(
            self.published_at and self.published_at > timezone.now()
        )


def notice_attachment_path(instance, filename) -> str:
    return f"notices/{instance.notice_id}/{filename}"


class NoticeAttachment(models.Model):
    """A file attached to a notice: checked by its content on upload, served only through a view."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=notice_attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class InfoPageQuerySet(models.QuerySet):
    def visible_to(self, user) -> InfoPageQuerySet:
        """Published pages for everyone; KDIA also sees the ones it has hidden."""
        return self.all() if is_editor(user) else self.filter(published=True)

    def editable_by(self, user) -> InfoPageQuerySet:
        return self.all() if is_editor(user) else self.none()


class InfoPage(models.Model):
    """A public explanation (what offset is, becoming a KIP, contact...) KDIA edits without a deploy.

    Some pages add generated parts under the text: the rules page the policy version in force,
    the fields page the taxonomy tables, the FAQ page its entries.
    """

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_ko = models.TextField(_("text (Korean)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = InfoPageQuerySet.as_manager()

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        ordering = ["order", "slug"]
        constraints = [
            models.CheckConstraint(condition=~Q(title_ko="") | ~Q(title_en=""), name="info_page_has_a_title")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual.pick(self, "title")

    @property
    def body(self) -> str:
        return bilingual.pick(self, "body")


class FaqQuerySet(models.QuerySet):
    def visible_to(self, user) -> FaqQuerySet:
        return self.all() if is_editor(user) else self.filter(published=True)

    def editable_by(self, user) -> FaqQuerySet:
        return self.all() if is_editor(user) else self.none()


class FaqEntry(models.Model):
    """One question and its answer on the FAQ page, in KDIA's chosen order."""

    question_ko = models.CharField(_("question (Korean)"), max_length=300, blank=True)
    question_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    answer_ko = models.TextField(_("answer (Korean)"), blank=True)
    answer_en = models.TextField(_("answer (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = FaqQuerySet.as_manager()

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(question_ko="") | ~Q(question_en=""), name="faq_entry_has_a_question"
            )
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def question(self) -> str:
        return bilingual.pick(self, "question")

    @property
    def answer(self) -> str:
        return bilingual.pick(self, "answer")
