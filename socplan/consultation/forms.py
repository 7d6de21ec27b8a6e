from django import forms
from django.utils.translation import gettext_lazy as _

from socplan.analysis.models import Swot
from socplan.core.collation import czech
from socplan.organisation.council import CouncilDecisionForm
from socplan.organisation.models import Group
from socplan.planning.models import PlanVersion

from .models import AnswerTemplate, Comment, CouncilDecision, Resolution, Round

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "swot",
            "title",
            "opens_on",
            "closes_on",
            "hearing_on",
            "hearing_place",
            "announcement",
            "allow_anonymous",
        ]
        widgets = {
            "opens_on": DATE_WIDGET,
            "closes_on": DATE_WIDGET,
            "hearing_on": DATE_WIDGET,
            "announcement": TEXTAREA,
        }

    swot = forms.ModelChoiceField(
        label=_("Subject of the round"),
        queryset=Swot.objects.none(),
        required=False,
        empty_label=_("the draft of the plan"),
        help_text=_("Or another document of the process: a SWOT."),
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        swot = self.fields["swot"]
        swot.queryset = Swot.objects.filter(process=process).select_related("group")
        swot.label_from_instance = lambda s: _("SWOT: %(name)s") % {"name": s}
        if self.instance.pk:
            # The subject is chosen when the round is opened.
            swot.disabled = True
            swot.initial = self.instance.swot_id

    def _post_clean(self):
        # The plan and version are set by the service; the model's own clean() checks dates.
        try:
            self.instance.clean()
        except forms.ValidationError as error:
            self._update_errors(error)


class _PartMixin:
    def set_parts(self, choices, initial=None, *, on_swot=False):
        self.fields["part"].choices = choices
        if on_swot:
            self.fields["part"].label = _("Part of the SWOT")
        if initial and not self.is_bound:
            self.initial["part"] = initial


class CommentForm(_PartMixin, forms.Form):
    """The public comment form."""

    part = forms.ChoiceField(label=_("Part of the plan"))
    quote = forms.CharField(
        label=_("Quoted passage (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copy the words of the draft your comment is about."),
    )
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 6}))
    kind = forms.ChoiceField(
        label=_("Kind of the comment"),
        choices=Comment.Kind.choices,
        initial=Comment.Kind.RECOMMENDATION,
        widget=forms.RadioSelect,
        help_text=_(
            "An essential comment asks for a change the plan should not go without; a "
            "recommendation suggests an improvement."
        ),
    )
    author_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=255)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "We send you a link to confirm the comment, and tell you how it was resolved. "
            "The e-mail is never published."
        ),
    )
    publish_name = forms.BooleanField(
        label=_("Name me (or my organisation) in the published resolution table"),
        required=False,
    )

    def __init__(self, *args, allow_anonymous=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["author_name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        if not allow_anonymous:
            self.fields["email"].required = True


class StaffCommentForm(_PartMixin, forms.Form):
    """A comment received by post, e-mail or at the public hearing."""

    part = forms.ChoiceField(label=_("Part of the plan"))
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[c for c in Comment.Channel.choices if c[0] != Comment.Channel.WEB],
    )
    received_on = forms.DateField(
        label=_("Received on"),
        widget=DATE_WIDGET,
        help_text=_("The postmark or the date of the e-mail counts."),
    )
    quote = forms.CharField(label=_("Quoted passage"), required=False, widget=TEXTAREA)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}))
    kind = forms.ChoiceField(
        label=_("Kind of the comment"), choices=Comment.Kind.choices, widget=forms.RadioSelect
    )
    author_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=255)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("To tell the commenter the resolution.")
    )
    publish_name = forms.BooleanField(
        label=_("The commenter agreed to be named in the resolution table"), required=False
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=Group.objects.none(), required=False
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = Group.objects.filter(process=process).order_by(
            "order", czech("name")
        )


class ChangeVersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("version %(version)s.%(revision)s of %(date)s") % {
            "version": obj.version,
            "revision": obj.revision,
            "date": f"{obj.created_at:%-d. %-m. %Y %H:%M}",
        }


class ResolutionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Resolution"), choices=Resolution.Outcome.choices, widget=forms.RadioSelect
    )
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 5}))
    change = forms.CharField(
        label=_("Change in the plan"),
        required=False,
        widget=TEXTAREA,
        help_text=_("What was changed in the plan because of the comment."),
    )
    change_version = ChangeVersionField(
        label=_("Version of the plan with the change"),
        queryset=PlanVersion.objects.none(),
        required=False,
        help_text=_("The version comparison then shows the change."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_version"].queryset = plan.versions.order_by("-revision")


class BulkForm(forms.Form):
    """Many comments at once: resolve them with one answer, or give them to a group."""

    ACTIONS = [("resolve", _("Resolve the chosen comments")), ("assign", _("Assign to a group"))]

    comments = forms.ModelMultipleChoiceField(
        label=_("Comments"), queryset=Comment.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    action = forms.ChoiceField(label=_("What to do"), choices=ACTIONS, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label=_("Resolution"), choices=[("", "—"), *Resolution.Outcome.choices], required=False
    )
    reasoning = forms.CharField(label=_("Reasoning"), required=False, widget=TEXTAREA)
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=Group.objects.none(), required=False
    )

    def __init__(self, *args, comments, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].queryset = comments
        self.fields["comments"].label_from_instance = lambda c: str(c)
        self.fields["working_group"].queryset = Group.objects.filter(process=process).order_by(
            "order", czech("name")
        )

    def clean(self):
        data = super().clean()
        if data.get("action") == "resolve":
            if not data.get("outcome"):
                self.add_error("outcome", _("Choose how the comments are resolved."))
            if not (data.get("reasoning") or "").strip():
                self.add_error("reasoning", _("Give the reasoning of the resolution."))
        return data


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason of hiding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: abusive language, personal data of another person."),
    )


class AssignForm(forms.Form):
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=Group.objects.none(), required=False
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = Group.objects.filter(process=process).order_by(
            "order", czech("name")
        )


class AnswerTemplateForm(forms.ModelForm):
    class Meta:
        model = AnswerTemplate
        fields = ["title", "outcome", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class DecisionForm(CouncilDecisionForm):
    is_lead = forms.BooleanField(
        label=_("This body approves the plan (lead town, MAS board)"), required=False
    )

    field_order = ["decision", "resolution_number", "decided_on", "file", "is_lead", "note"]


class BodyForm(forms.Form):
    body = forms.ChoiceField(
        label=_("Kind of body"),
        choices=[
            c for c in CouncilDecision.Body.choices if c[0] != CouncilDecision.Body.MUNICIPALITY
        ],
    )
    body_name = forms.CharField(label=_("Body"), max_length=255)


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE_WIDGET)
    resolution = forms.CharField(
        label=_("Approval resolution"),
        max_length=255,
        help_text=_("The lead town's (or the MAS board's) resolution, e.g. “ZM 12/2018”."),
    )
    unresolved_reason = forms.CharField(
        label=_("Why the plan goes to approval with unresolved comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when some comments have no resolution yet."),
    )


class InForceForm(forms.Form):
    in_force_from = forms.DateField(label=_("In force from"), widget=DATE_WIDGET)
