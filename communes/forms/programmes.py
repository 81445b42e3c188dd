"""Forms of programme set-up. The choices offered are limited to the user's scope; the services
check the rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from friendly_gov.forms import DateInput

from ..models import AdminUnit, Enrolment, Programme, ProgrammeDocument, SteeringMember, User
from ..scope import visible_units
from ..selectors.programmes import owner_communes, programme_list


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "owner_unit", "implements", "phase_start", "phase_end", "status", "description"]
        widgets = {
            "phase_start": DateInput(),
            "phase_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = (
            visible_units(user)
            .filter(level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT])
            .order_by("-era", "level", "name")
        )
        self.fields["implements"].queryset = programme_list(user=user).exclude(pk=self.instance.pk)
        if self.instance.pk:
            self.fields["owner_unit"].disabled = True


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ProgrammeDocument
        fields = ["kind", "number", "issued_on", "issuer", "title", "file"]
        widgets = {"issued_on": DateInput()}


class EnrolmentForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Xã, phường"), queryset=AdminUnit.objects.none())
    level = forms.ChoiceField(label=_("Hình thức"), choices=Enrolment.Level.choices)
    selected_on = forms.DateField(label=_("Ngày lựa chọn"), widget=DateInput())
    launched_on = forms.DateField(label=_("Ngày ra mắt mô hình"), widget=DateInput(), required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = (
            owner_communes(programme=programme)
            .exclude(enrolments__programme=programme)
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        self.fields["commune"].label_from_instance = lambda unit: f"{unit.name} – {unit.parent.name}"


class EnrolmentEditForm(forms.ModelForm):
    class Meta:
        model = Enrolment
        fields = ["level", "selected_on", "launched_on", "status"]
        widgets = {"selected_on": DateInput(), "launched_on": DateInput()}


class SteeringMemberForm(forms.ModelForm):
    class Meta:
        model = SteeringMember
        fields = ["full_name", "position", "role", "decision"]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = programme.documents.filter(kind=ProgrammeDocument.Kind.DECISION)
