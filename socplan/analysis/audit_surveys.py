"""The audit actions of needs surveys (see :mod:`socplan.core.audit`); imported by the
analysis AppConfig. Answers themselves are not audited (they are anonymous): only what
staff do (paper entry counts as the survey's change by the person who typed it in)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class SurveyAction(AuditAction):
    SURVEY_CREATED = "survey.created", _("survey created")
    SURVEY_UPDATED = "survey.updated", _("survey changed")
    SURVEY_COPIED = "survey.copied", _("survey copied")
    SURVEY_VERSIONED = "survey.versioned", _("new version of a survey made")
    SURVEY_DELETED = "survey.deleted", _("survey deleted")
    SURVEY_RESULTS_PUBLISHED = "survey.results_published", _("survey results published")
    SURVEY_QUESTION_CHANGED = "survey.question_changed", _("survey question changed")
    SURVEY_PAPER_ENTERED = "survey.paper_entered", _("paper answer of a survey typed in")
    SURVEY_ANSWER_MODERATED = "survey.answer_moderated", _("open answer of a survey moderated")
    SURVEY_FINDING_MADE = "survey.finding_made", _("finding made from a survey result")
