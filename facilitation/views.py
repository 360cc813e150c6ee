"""Pages of the policy per school year, the SO facilitation and the target numbers.
Thin views: reads through `selectors`, writes through `services`."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bos import dataversion
from bos.fragments import kept_fragment
from bos.lists import list_page, paginate
from bos.models import Institute, Person, Role, RoleAssignment, SchoolLocation, SchoolYear
from bos.permissions import can, get_scope, require
from governance import services as governance_services
from governance.forms import DECISION_FIELD, add_decision_field
from governance.selectors import changes_naming
from intervision import report as intervision_report
from library.models import Document, Implements
from library.selectors import implementing
from placements import online_rights, supervision
from placements import policy as placement_policy
from placements.forms import OnlineRightsFormSet, OnlineRightsSourceForm, PlacementPolicyForm
from placements.forms.online_rights import initial_rows
from placements.models import PlacementPolicy, SupervisionAgreement
from placements.selectors import online_rights_table
from professionalization.selectors import hours_per_person
from reports import unknown

from . import contributions, selectors, services, settings_pages
from .forms import CountBasisForm, GrantedHoursForm, PolicyForm, YearForm
from .lists import PolicyChangeFilter, PolicyChangeTable
from .models import LocationCountBasis, Policy
from .rules import format_eur, format_number


def guideline_for(year: SchoolYear) -> Document | None:
    return implementing(year, Implements.FACILITATION_POLICY)


MONEY_FIELDS = {
    "hourly_rate",
    "admin_hourly_rate",
    "funding_fixed_amount",
    "funding_base_amount",
    "funding_per_student_amount",
}


def _chosen_year(request: HttpRequest) -> SchoolYear | None:
    """The year from ?jaar=, else the user's working year. An unknown name is a 404."""
    name = request.GET.get("jaar")
    if name:
        try:
            return SchoolYear.objects.get(name=name)
        except SchoolYear.DoesNotExist as exc:
            raise Http404("Onbekend schooljaar.") from exc
    return get_scope(request.user).year


def _year_form(request: HttpRequest, year: SchoolYear | None) -> YearForm:
    """The years the user may open, as the header lists them (read once a request by
    bos.years): another year in `?jaar=` is a 404 there, so it is no choice here either."""
    choice = getattr(request, "year_choice", None)
    if choice is not None:
        names = [y.name for y in sorted(choice.available, key=lambda y: y.start_date)]
    else:
        names = list(SchoolYear.objects.order_by("start_date").values_list("name", flat=True))
    return YearForm(initial={"jaar": year.name if year else None}, years=names)


def _display(policy: Policy, name: str) -> str:
    value = getattr(policy, name)
    field = Policy._meta.get_field(name)
    if name == "stipend_day_rates":
        rows = [
            f"≥ {row['min_days']} dag(en): {format_eur(Decimal(row['monthly']))}" for row in value
        ]
        return "; ".join(rows) or "–"
    if name == "stipend_study_year_rates":
        rows = [f"jaar {row['study_year']}: {format_eur(Decimal(row['monthly']))}" for row in value]
        return "; ".join(rows) or "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if value is None:
        return "–"
    if name in MONEY_FIELDS:
        return format_eur(value)
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def policy_groups(policy: Policy) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (
            title,
            [(str(Policy._meta.get_field(n).verbose_name), _display(policy, n)) for n in names],
        )
        for title, names in Policy.FIELD_GROUPS
    ]


@require("policy.view")
def policy_changes(request: HttpRequest, year: str) -> HttpResponse:
    school_year = get_object_or_404(SchoolYear, name=year)
    policy = selectors.policy_get(school_year)
    if policy is None:
        raise Http404("Er is geen beleid voor dit schooljaar.")
    return list_page(
        request,
        queryset=policy.changes.select_related("changed_by"),
        filterset_class=PolicyChangeFilter,
        table_class=PolicyChangeTable,
        template="facilitation/policy_changes.html",
        singular="wijziging",
        plural="wijzigingen",
        export_name=f"beleidswijzigingen-{school_year}",
        context={"year": school_year},
    )


# The policy page lists this many of the latest changes that follow a decision.
DECIDED_SHOWN = 20


@require("policy.view")
def policy_detail(request: HttpRequest) -> HttpResponse:
    year = _chosen_year(request)
    policy = selectors.policy_get(year) if year else None
    context: dict[str, Any] = {
        "year": year,
        "policy": policy,
        "year_form": _year_form(request, year),
        "can_edit": can(request.user, "policy.edit"),
    }
    if year is not None:
        # The written guideline this page implements (agreements library).
        context["guideline"] = guideline_for(year)
        # The placement policy's online-rights table, read only here (see the ICT list).
        context["rights_rows"], context["rights_source"] = online_rights_table(year)
        # The placement policy's numbers, changed on a page of their own.
        context["placement_rows"] = placement_policy.policy_rows(year)
        # The year's other settings, each on a page of its own.
        context["setting_links"] = [
            (reverse(f"facilitation:{name}", args=[year.name]), settings_pages.PAGES[page].title)
            for page, name in SETTING_URL_NAMES.items()
        ] + [
            (
                reverse("facilitation:agreements_edit", args=[year.name]),
                "Begeleidingsafspraken per instituut en fase",
            ),
            (
                reverse("facilitation:online_rights_edit", args=[year.name]),
                "Online rechten van studenten",
            ),
            (
                reverse("facilitation:unknown_counts_edit", args=[year.name]),
                "Scholen met onbekende aantallen (?)",
            ),
        ]
    if policy is not None:
        context["groups"] = policy_groups(policy)
        context["changes"] = policy.changes.select_related("changed_by")[:10]
        # What the decision log says changed this policy, with the decision it follows.
        context["decided"] = changes_naming(policy, limit=DECIDED_SHOWN)
    return render(request, "facilitation/policy_detail.html", context)


@require("policy.edit")
def policy_edit(request: HttpRequest, year: str) -> HttpResponse:
    policy = get_object_or_404(Policy.objects.select_related("school_year"), school_year__name=year)
    if request.method == "POST":
        # Validation fills the form's instance; give it a copy so the service still compares
        # against (and logs changes from) the stored values.
        form = PolicyForm(request.POST, instance=Policy.objects.get(pk=policy.pk))
        add_decision_field(form, user=request.user, year=policy.school_year)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                changes = services.update_policy(
                    policy=policy,
                    values=values,
                    user=request.user,
                    decision=form.cleaned_data.get(DECISION_FIELD),
                )
            except ValidationError as exc:
                _errors_on_form(form, exc)
            else:
                return _policy_saved(request, policy, year, changes)
    else:
        form = PolicyForm(instance=policy)
        add_decision_field(form, user=request.user, year=policy.school_year)
    groups = [
        (title, [form[name] for name in names if name in form.fields])
        for title, names in Policy.FIELD_GROUPS
    ]
    # The error summary at the top of the form names and links every field with an error.
    return render(
        request,
        "facilitation/policy_form.html",
        {
            "form": form,
            "policy": policy,
            "year": policy.school_year,
            "groups": groups,
            "decision_field": form[DECISION_FIELD] if DECISION_FIELD in form.fields else None,
        },
        status=400 if form.errors else 200,
    )


def _errors_on_form(form: Any, error: ValidationError) -> None:
    """A service's refusal on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, field_errors in error.message_dict.items():
            for message in field_errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _policy_saved(request: HttpRequest, policy: Policy, year: str, changes: Any) -> HttpResponse:
    if changes:
        messages.success(request, f"Beleid {year} opgeslagen: {len(changes)} wijziging(en).")
        guideline = guideline_for(policy.school_year)
        if guideline is not None:
            messages.warning(
                request,
                f"Moet het document „{guideline.title}” ook worden aangepast? "
                "Upload dan een nieuwe versie in de afspraken (link hieronder).",
            )
    else:
        messages.info(request, "Er is niets gewijzigd.")
    return redirect(f"{reverse('facilitation:policy')}?jaar={year}")


@require("policy.edit")
def placement_policy_edit(request: HttpRequest, year: str) -> HttpResponse:
    """The placement policy's numbers (placements.policy), with the decision a change
    follows; beside them the year's online-rights table."""
    school_year = get_object_or_404(SchoolYear, name=year)
    stored = PlacementPolicy.objects.filter(school_year=school_year).first()
    form = PlacementPolicyForm(
        request.POST or None, instance=stored or PlacementPolicy(school_year=school_year)
    )
    add_decision_field(form, user=request.user, year=school_year)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in placement_policy.EDITED_FIELDS}
        try:
            changes = placement_policy.placement_policy_update(
                user=request.user,
                year=school_year,
                values=values,
                decision=form.cleaned_data.get(DECISION_FIELD),
            )
        except ValidationError as exc:
            _errors_on_form(form, exc)
        else:
            if changes:
                messages.success(
                    request, f"Stagebeleid {year} opgeslagen: {len(changes)} wijziging(en)."
                )
            else:
                messages.info(request, "Er is niets gewijzigd.")
            return redirect(f"{reverse('facilitation:policy')}?jaar={year}#stagebeleid")
    rights_rows, rights_source = online_rights_table(school_year)
    context = {
        "form": form,
        "year": school_year,
        "decision_field": form[DECISION_FIELD] if DECISION_FIELD in form.fields else None,
        "rights_rows": rights_rows,
        "rights_source": rights_source,
        "decided": changes_naming(stored, limit=DECIDED_SHOWN) if stored else [],
    }
    return render(
        request,
        "facilitation/placement_policy_form.html",
        context,
        status=400 if form.errors else 200,
    )


@require("policy.edit")
def online_rights_edit(request: HttpRequest, year: str) -> HttpResponse:
    """The year's online-rights table (Besluit online rechten voor studenten), row by row,
    and the decision it comes from, with the decision a change follows; a closed year shows
    the table. Below it the decisions that changed it and the placement policy's history."""
    school_year = get_object_or_404(SchoolYear, name=year)
    stored = PlacementPolicy.objects.filter(school_year=school_year).first()
    row = stored or PlacementPolicy(school_year=school_year)
    try:
        current: tuple[Any, ...] | None = online_rights.parse_online_rights_table(
            row.online_rights_table
        )
    except ValueError as exc:
        # A table stored past its validation: the page starts from an empty row and says why.
        current = None
        messages.warning(request, f"De opgeslagen tabel is ongeldig: {exc}")
    formset = source_form = None
    if not school_year.is_closed:
        data = request.POST if request.method == "POST" else None
        codes = sorted(
            set(Institute.objects.values_list("short_name", flat=True))
            | {code for rights_row in current or () for code in rights_row.institutes}
        )
        formset = OnlineRightsFormSet(
            data,
            initial=initial_rows(current or ()),
            prefix="regel",
            form_kwargs={"institutes": codes},
        )
        source_form = OnlineRightsSourceForm(
            data, initial={"online_rights_source": row.online_rights_source}
        )
        add_decision_field(source_form, user=request.user, year=school_year)
        if data is not None and all([formset.is_valid(), source_form.is_valid()]):
            values: dict[str, Any] = {
                "online_rights_source": source_form.cleaned_data["online_rights_source"]
            }
            # The same rows written differently (an empty list stored, keys in another
            # order) are no change for the decision log.
            if online_rights.parse_online_rights_table(formset.table) != current:
                values["online_rights_table"] = formset.table
            try:
                changes = governance_services.setting_update(
                    user=request.user,
                    instance=row,
                    fields=placement_policy.ONLINE_RIGHTS_FIELDS,
                    values=values,
                    label=f"Stagebeleid {school_year}",
                    decision=source_form.cleaned_data.get(DECISION_FIELD),
                    shown={"online_rights_table": online_rights.table_summary},
                )
            except ValidationError as exc:
                _errors_on_form(source_form, exc)
            else:
                if changes:
                    messages.success(
                        request,
                        f"Online rechten {school_year} opgeslagen: {len(changes)} wijziging(en).",
                    )
                else:
                    messages.info(request, "Er is niets gewijzigd.")
                return redirect("facilitation:online_rights_edit", year=year)
    elif request.method == "POST":
        messages.error(request, f"Schooljaar {school_year} is afgesloten; er verandert niets.")
    invalid = formset is not None and (formset.total_error_count() or source_form.errors)
    context = {
        "year": school_year,
        "formset": formset,
        "source_form": source_form,
        "decision_field": source_form[DECISION_FIELD]
        if source_form is not None and DECISION_FIELD in source_form.fields
        else None,
        "rights_rows": current or (),
        "rights_source": row.online_rights_source,
        "decided": changes_naming(
            row, limit=DECIDED_SHOWN, fields=placement_policy.ONLINE_RIGHTS_FIELDS
        )
        if row.pk
        else [],
        "history": settings_pages.audit_history(row),
    }
    return render(
        request, "facilitation/online_rights_form.html", context, status=400 if invalid else 200
    )


@require("policy.edit")
def setting_edit(request: HttpRequest, year: str, page: str) -> HttpResponse:
    """One of the year's settings beside the facilitation policy (settings_pages): its form
    with the decision a change follows, or its values once the year is closed; below it the
    decisions that changed it and the audit trail's entries."""
    spec = settings_pages.PAGES[page]
    school_year = get_object_or_404(SchoolYear, name=year)
    row = spec.row_of(school_year)
    form = None
    if not school_year.is_closed:
        form = spec.form_class(request.POST or None, instance=spec.row_of(school_year))
        add_decision_field(form, user=request.user, year=school_year)
        if request.method == "POST" and form.is_valid():
            try:
                changes = governance_services.setting_update(
                    user=request.user,
                    instance=row,
                    fields=spec.fields,
                    values={name: form.cleaned_data[name] for name in spec.fields},
                    label=spec.label(school_year),
                    decision=form.cleaned_data.get(DECISION_FIELD),
                    check=spec.check,
                )
            except ValidationError as exc:
                _errors_on_form(form, exc)
            else:
                if changes:
                    messages.success(
                        request,
                        f"{spec.label(school_year)} opgeslagen: {len(changes)} wijziging(en).",
                    )
                else:
                    messages.info(request, "Er is niets gewijzigd.")
                return redirect("facilitation:" + page_url_name(page), year=year)
    elif request.method == "POST":
        messages.error(request, f"Schooljaar {school_year} is afgesloten; er verandert niets.")
    context = {
        "spec": spec,
        "year": school_year,
        "form": form,
        "decision_field": form[DECISION_FIELD] if form and DECISION_FIELD in form.fields else None,
        "institute_fields": form.institute_fields() if hasattr(form, "institute_fields") else [],
        "values": settings_pages.values_of(spec, row) if form is None else [],
        "decided": changes_naming(row, limit=DECIDED_SHOWN) if row.pk else [],
        "history": settings_pages.audit_history(row),
    }
    return render(
        request,
        "facilitation/setting_form.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


@require("policy.edit")
def agreements_edit(request: HttpRequest, year: str) -> HttpResponse:
    """The year's supervision agreements per level, institute and special group (bijlage
    10): the projectleider changes one (?bewerk=<id>) or adds one for an institute or a
    special group, with the decision it follows; below them their history."""
    school_year = get_object_or_404(SchoolYear, name=year)
    rows = supervision.all_agreements(school_year)
    editing = None
    chosen = _int_or_none(request.GET.get("bewerk"))
    if chosen is not None:
        editing = next((row for row in rows if row.pk == chosen), None)
        if editing is None:
            raise Http404("Onbekende afspraak.")
    form = None
    if not school_year.is_closed:
        instance = (
            SupervisionAgreement.objects.get(pk=editing.pk)
            if editing
            else SupervisionAgreement(school_year=school_year)
        )
        form = settings_pages.AgreementForm(request.POST or None, instance=instance)
        add_decision_field(form, user=request.user, year=school_year)
        if request.method == "POST" and form.is_valid():
            fields = supervision.AGREEMENT_FIELDS
            try:
                changes = supervision.agreement_update(
                    user=request.user,
                    year=school_year,
                    agreement=editing,
                    values={name: form.cleaned_data[name] for name in fields},
                    decision=form.cleaned_data.get(DECISION_FIELD),
                )
            except ValidationError as exc:
                _errors_on_form(form, exc)
            else:
                if changes:
                    messages.success(
                        request,
                        f"Begeleidingsafspraken {year} opgeslagen: {len(changes)} wijziging(en).",
                    )
                else:
                    messages.info(request, "Er is niets gewijzigd.")
                return redirect("facilitation:agreements_edit", year=year)
    elif request.method == "POST":
        messages.error(request, f"Schooljaar {school_year} is afgesloten; er verandert niets.")
    decided, history = settings_pages.agreement_history(rows)
    return render(
        request,
        "facilitation/agreements_form.html",
        {
            "year": school_year,
            "rows": [(row, supervision.agreement_label(row)) for row in rows],
            "form": form,
            "editing": editing,
            "decision_field": form[DECISION_FIELD]
            if form is not None and DECISION_FIELD in form.fields
            else None,
            "decided": decided,
            "history": history,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require("policy.edit")
def unknown_counts_edit(request: HttpRequest, year: str) -> HttpResponse:
    """The schools whose counts the year's report shows as "?": the projectleider marks one
    (with the decision it follows) or, after confirming (?bekend=<id>), counts it again."""
    school_year = get_object_or_404(SchoolYear, name=year)
    rows = unknown.marked(school_year)
    clearing = None
    chosen = _int_or_none(request.GET.get("bekend"))
    if chosen is not None:
        clearing = next((row for row in rows if row.pk == chosen), None)
        if clearing is None:
            raise Http404("Deze school staat niet op de lijst.")
    form = None
    if not school_year.is_closed:
        schools = [] if clearing else unknown.schools_of(school_year)
        form = settings_pages.UnknownCountsForm(request.POST or None, schools=schools)
        if clearing:
            del form.fields["location"], form.fields["note"]
        add_decision_field(form, user=request.user, year=school_year)
        if request.method == "POST" and form.is_valid():
            decision = form.cleaned_data.get(DECISION_FIELD)
            try:
                if clearing:
                    unknown.unknown_clear(user=request.user, row=clearing, decision=decision)
                    done = f"De aantallen van {clearing.location.name} tellen weer mee."
                else:
                    row = unknown.unknown_mark(
                        user=request.user,
                        year=school_year,
                        location=form.cleaned_data["location"],
                        note=form.cleaned_data["note"],
                        decision=decision,
                    )
                    done = f"De aantallen van {row.location.name} staan als onbekend."
            except ValidationError as exc:
                _errors_on_form(form, exc)
            else:
                messages.success(request, done)
                return redirect("facilitation:unknown_counts_edit", year=year)
    elif request.method == "POST":
        messages.error(request, f"Schooljaar {school_year} is afgesloten; er verandert niets.")
    decided = changes_labelled(f"Aantallen {school_year}: ", school_year)
    return render(
        request,
        "facilitation/unknown_counts_form.html",
        {
            "year": school_year,
            "rows": rows,
            "form": form,
            "clearing": clearing,
            "decision_field": form[DECISION_FIELD]
            if form is not None and DECISION_FIELD in form.fields
            else None,
            "decided": decided,
        },
        status=400 if form is not None and form.errors else 200,
    )


def changes_labelled(prefix: str, year: SchoolYear) -> list[Any]:
    """The year's recorded decision changes whose label starts with `prefix`, newest first."""
    from governance.models import DecisionChange

    return list(
        DecisionChange.objects.filter(decision__school_year=year, label__startswith=prefix)
        .select_related("decision")
        .order_by("-decision__decided_on", "-pk")[:DECIDED_SHOWN]
    )


SETTING_URL_NAMES = {
    "begeleidingsbeleid": "supervision_policy_edit",
    "verdiepingsmiddagen": "afternoon_policy_edit",
    "intervisiebeleid": "intervision_policy_edit",
    "doelen-jaarverslag": "report_targets_edit",
}


def page_url_name(page: str) -> str:
    return SETTING_URL_NAMES[page]


@require("policy.edit")
@require_POST
def policy_start(request: HttpRequest, year: str) -> HttpResponse:
    school_year = get_object_or_404(SchoolYear, name=year)
    try:
        services.start_policy_from_previous(year=school_year, user=request.user)
    except (services.PolicyExists, services.NoPreviousPolicy) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Beleid {year} aangemaakt als kopie van het vorige jaar.")
    return redirect(f"{reverse('facilitation:policy')}?jaar={year}")


FACILITATION_PAGE_SIZE = 50


@require("facilitation.view")
def facilitation_overview(request: HttpRequest) -> HttpResponse:
    year = _chosen_year(request)
    # Everything below the year's choice as HTML, per reader, day and address (year, page,
    # the SO being edited), with the edited SO's forms: a visit does not read and print a
    # region's figures again.
    body = kept_fragment(
        request,
        "facilitation:overview",
        "facilitation/_overview_body.html",
        lambda: _overview_context(request, year),
    )
    context = {"year": year, "year_form": _year_form(request, year), "body": body}
    return render(request, "facilitation/facilitation.html", context)


def _overview_context(request: HttpRequest, year: SchoolYear | None) -> dict[str, Any]:
    """A page of SOs with their figures, the tasks other apps facilitate for their schools,
    and the forms of the SO being edited."""
    context: dict[str, Any] = {"year": year, "rows": []}
    can_grant = can(request.user, "policy.edit")
    context["can_grant"] = can_grant
    # The projectleider edits one SO at a time (?bewerk=<person>): forms are built for that
    # row only, so the page stays small however many SOs there are.
    editing = _int_or_none(request.GET.get("bewerk")) if can_grant else None
    context["editing"] = editing
    try:
        scope = get_scope(request.user, year)
        page = Paginator(selectors.so_assignments_queryset(scope), FACILITATION_PAGE_SIZE)
        context["page"] = page.get_page(request.GET.get("pagina"))
        # The policy is read once, for the rows and the page's explanation.
        context["params"] = selectors.policy_for(year) if year else None
        # A page's rows count placements, intervision and meetings of its SOs' schools
        # (some 50 ms for a region); kept per data version, reader, year and page.
        context["rows"] = dataversion.kept_figures(
            dataversion.reader_key(
                "facilitation:overview", request.user, year, context["page"].number
            ),
            lambda: _overview_rows(request, year, context["page"], context["params"]),
        )
    except selectors.PolicyMissing as exc:
        context["missing"] = str(exc)
    if year is not None and "missing" not in context:
        # Tasks other apps facilitate (the coaches of starting teachers), by their registry.
        # One page of many SOs shows the tasks of that page's schools, so the page stays
        # the same size however many schools the partnership has.
        paged = context["page"].has_other_pages()
        shown = (
            frozenset(loc.location_id for row in context["rows"] for loc in row.locations)
            if paged
            else None
        )
        context["tasks_paged"] = paged
        context["other_tasks"] = contributions.tasks_for(year, get_scope(request.user, year), shown)
    if can_grant and editing is not None:
        for row in context["rows"]:
            if row.person.pk != editing:
                continue
            ids = [loc.location_id for loc in row.locations]
            bases = {
                b.location_id: b
                for b in LocationCountBasis.objects.filter(school_year=year, location_id__in=ids)
            }
            for loc in row.locations:
                chosen = bases.get(loc.location_id)
                loc.basis_form = CountBasisForm(
                    prefix=f"loc{loc.location_id}",
                    initial={
                        "basis": chosen.basis if chosen else "actual",
                        "agreed_count": chosen.agreed_count if chosen else None,
                    },
                )
            row.grant_form = GrantedHoursForm(
                prefix=f"so{row.person.pk}",
                initial={
                    "hours": row.granted.hours if row.granted else None,
                    "note": row.granted.note if row.granted else "",
                },
            )
    return context


def _overview_rows(
    request: HttpRequest, year: SchoolYear | None, page: Any, params: Any
) -> list[Any]:
    rows = selectors.facilitation_overview(
        user=request.user, year=year, assignments=page.object_list, params=params
    )
    if year is not None and rows:
        # Intervision's figures beside the 50 hours of the base that are for intervision:
        # only for the schools of the page's SOs.
        figures = intervision_report.school_rows(
            year, {loc.location_id for row in rows for loc in row.locations}
        )
        for row in rows:
            row.intervision = intervision_report.combined(
                figures, [loc.location_id for loc in row.locations]
            )
    if year is not None:
        # Hours the SOs invested in professionalisation meetings (from attendance).
        pro_hours = hours_per_person(year, [row.person.pk for row in rows])
        for row in rows:
            row.pro_hours = pro_hours.get(row.person.pk, 0)
    return rows


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require("policy.edit")
@require_POST
def granted_hours(request: HttpRequest, year: str, person: int) -> HttpResponse:
    school_year = get_object_or_404(SchoolYear, name=year)
    so = get_object_or_404(Person, pk=person)
    if not RoleAssignment.objects.filter(person=so, school_year=school_year, role=Role.SO).exists():
        raise Http404("Geen schoolopleider in dit schooljaar.")
    form = GrantedHoursForm(request.POST, prefix=f"so{so.pk}")
    if form.is_valid():
        try:
            services.set_granted_hours(
                year=school_year,
                so=so,
                hours=form.cleaned_data["hours"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Toegekende uren van {so.full_name} opgeslagen.")
    else:
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"Niet opgeslagen voor {so.full_name}: {errors}")
    return redirect(f"{reverse('facilitation:overview')}?jaar={year}#so-{so.pk}")


@require("policy.edit")
@require_POST
def count_basis(request: HttpRequest, year: str, location: int) -> HttpResponse:
    school_year = get_object_or_404(SchoolYear, name=year)
    place = get_object_or_404(SchoolLocation, pk=location)
    form = CountBasisForm(request.POST, prefix=f"loc{place.pk}")
    if form.is_valid():
        try:
            services.set_count_basis(
                year=school_year,
                location=place,
                basis=form.cleaned_data["basis"],
                agreed_count=form.cleaned_data["agreed_count"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Telwijze van {place.name} opgeslagen.")
    else:
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"Niet opgeslagen voor {place.name}: {errors}")
    return redirect(f"{reverse('facilitation:overview')}?jaar={year}")


@require("targets.view")
def targets(request: HttpRequest) -> HttpResponse:
    year = _chosen_year(request)
    context: dict[str, Any] = {"year": year, "year_form": _year_form(request, year)}
    if year is not None:
        # The table as HTML, per reader (the adjust links), day and query (year, page): a
        # visit does not load the region's table and print its page again.
        context["body"] = kept_fragment(
            request,
            "facilitation:targets",
            "facilitation/_targets_body.html",
            lambda: _targets_context(request, year),
            year.pk,
        )
    return render(request, "facilitation/targets.html", context)


def _targets_context(request: HttpRequest, year: SchoolYear) -> dict[str, Any]:
    """The targets table's context: a page of schools and the totals over all of them."""
    context: dict[str, Any] = {"year": year}
    try:
        # Read from every member school's rows and placements (1,600 schools: 5,900
        # rows); the same for every reader, kept per year until the next write.
        table = dataversion.kept_figures(
            f"facilitation:targets:{year.pk}", lambda: selectors.targets_table(year)
        )
    except selectors.PolicyMissing as exc:
        context["missing"] = str(exc)
    else:
        # Every school counts in the totals; the page shows 50 at a time.
        context["table"] = table
        context["page"] = paginate(table.rows, request.GET.get("pagina"))
        context["may_adjust"] = not year.is_closed and can(request.user, "policy.edit", year)
        context["query"] = f"{urlencode({'jaar': year.name})}&"
    return context
