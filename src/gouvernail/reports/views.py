from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from gouvernail.core.exports import CONTENT_TYPES, PdfUnavailable
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectViewMixin
from gouvernail.governance.views.committees import MeetingViews
from gouvernail.reports import calendars, minutes
from gouvernail.reports.choices import PackFormat
from gouvernail.reports.forms import CalendarCategoriesForm, ReminderPreferenceForm
from gouvernail.reports.models import CalendarToken, CopilPack, ReminderPreference
from gouvernail.reports.packs.services import pack_filename
from gouvernail.reports.tasks import copil_pack_job_start


class MeetingMinutesView(ObjectViewMixin, View):
    """The relevé de décisions of a held meeting, for whoever reads the meeting."""

    viewset = MeetingViews
    export_format = "pdf"

    def get(self, request, *args, **kwargs):
        meeting = self.get_object()
        try:
            content = minutes.meeting_minutes(meeting)
            data = minutes.minutes_pdf(content) if self.export_format == "pdf" else minutes.minutes_docx(content)
        except (minutes.MeetingNotHeld, PdfUnavailable) as error:
            messages.error(request, str(error))
            return redirect(meeting.get_absolute_url())
        response = HttpResponse(data, content_type=CONTENT_TYPES[self.export_format])
        filename = minutes.minutes_filename(meeting, self.export_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class CopilPackGenerateView(ObjectViewMixin, TemplateView):
    """Generates and archives the COPIL pack of a meeting (governance editors). GET explains and
    offers the formats; POST queues the generation (a job) and opens the job's page, which links
    to the meeting where the pack is listed."""

    viewset = MeetingViews
    template_name = "reports/copil_pack_generate.html"
    needs_edit = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_object()
        context.update(
            meeting=meeting,
            formats=PackFormat.choices,
            frozen=meeting.date < timezone.localdate() and meeting.copil_packs.exists(),
        )
        return context

    def post(self, request, *args, **kwargs):
        meeting = self.get_object()
        pack_format = request.POST.get("format")
        if pack_format not in PackFormat.values:
            messages.error(request, "Format de dossier inconnu : choisissez PPTX ou PDF.")
            return redirect(meeting.get_absolute_url())
        job = copil_pack_job_start(meeting=meeting, pack_format=pack_format, requested_by=request.user)
        return redirect(job.get_absolute_url())


class CopilPackDownloadView(MembershipRequiredMixin, View):
    """An archived pack, byte for byte as generated (every role but the Prestataire)."""

    domain = CopilPack.permission_domain

    def get(self, request, pk: int):
        pack = get_object_or_404(
            CopilPack.objects.select_related("meeting__committee"), pk=pk, organisation=request.organisation
        )
        response = FileResponse(
            pack.file.open("rb"),
            as_attachment=True,
            filename=pack_filename(pack.meeting, pack.format),
            content_type=CONTENT_TYPES.get(pack.format, "application/octet-stream"),
        )
        response["X-Content-SHA256"] = pack.sha256
        return response


class MyCalendarsView(MembershipRequiredMixin, TemplateView):
    """« Mes agendas et rappels »: the user's private feed URL and their reminder choices.

    Every role has this page: it only concerns the user's own feed and e-mails.
    """

    template_name = "reports/my_calendars.html"
    domain = "governance"

    def get_calendar(self):
        membership = self.request.membership
        return CalendarToken.objects.active().filter(organisation=membership.organisation, user=membership.user).first()

    def get_preference(self):
        membership = self.request.membership
        preference = ReminderPreference.objects.filter(
            organisation=membership.organisation, user=membership.user
        ).first()
        return preference or ReminderPreference(organisation=membership.organisation, user=membership.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calendar = self.get_calendar()
        context["calendar"] = calendar
        if calendar is not None:
            context["feed_url"] = self.request.build_absolute_uri(
                reverse("reports:calendar_feed", kwargs={"token": calendar.token})
            )
            context.setdefault("categories_form", CalendarCategoriesForm(instance=calendar))
        context.setdefault("reminders_form", ReminderPreferenceForm(instance=self.get_preference()))
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        membership = request.membership
        if action == "regenerate":
            had_one = self.get_calendar() is not None
            calendars.calendar_token_regenerate(membership=membership)
            messages.success(
                request,
                "Nouvelle adresse d'agenda créée : l'ancienne ne fonctionne plus."
                if had_one
                else "Adresse d'agenda créée : abonnez-y votre logiciel d'agenda.",
            )
        elif action == "revoke":
            if calendars.calendar_token_revoke(membership=membership):
                messages.success(request, "Adresse d'agenda révoquée : elle ne donne plus accès à rien.")
        elif action == "categories":
            calendar = self.get_calendar()
            if calendar is None:
                messages.error(request, "Créez d'abord une adresse d'agenda.")
            else:
                form = CalendarCategoriesForm(request.POST, instance=calendar)
                if form.is_valid():
                    form.save()
                    messages.success(request, "Contenu de l'agenda enregistré.")
        elif action == "reminders":
            form = ReminderPreferenceForm(request.POST, instance=self.get_preference())
            if form.is_valid():
                form.save()
                messages.success(request, "Choix des rappels enregistrés.")
        else:
            messages.error(request, "Action inconnue.")
        return redirect("reports:my_calendars")


@require_GET
def calendar_feed_view(request, token: str):
    """The feed of a token: no login, the token is the credential; 404 for an unknown or revoked one."""
    found = calendars.membership_for_token(token)
    if found is None:
        response = HttpResponseNotFound("Agenda introuvable.", content_type="text/plain; charset=utf-8")
        # Django logs every 4xx with its path; this path holds a (dead or guessed) credential.
        response._has_been_logged = True
        return response
    calendar, membership = found
    response = HttpResponse(calendars.calendar_feed(calendar, membership), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gouvernail.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
