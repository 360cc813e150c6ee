"""The registers of students and mentors (WPB): lists in the user's scope, a student's page,
and adding and changing with the same rules as the Excel imports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bos.closing import ensure_open
from bos.fields import DateField
from bos.lists import list_page
from bos.models import QualificationKind, RoleAssignment
from bos.permissions import can, get_scope, require

from .. import selectors, services
from ..forms import MentorAddForm, MentorDataForm, StudentAddForm, StudentDataForm
from ..lists import MentorFilter, MentorTable, StudentFilter, StudentTable
from ..models import Student
from ._common import _apply_errors


def _student_or_404(request: HttpRequest, pk: int) -> Student:
    try:
        return selectors.student_get(user=request.user, pk=pk)
    except Student.DoesNotExist as exc:
        raise Http404("Student niet gevonden.") from exc


def _mentor_or_404(request: HttpRequest, pk: int) -> RoleAssignment:
    try:
        return services.mentor_assignment_get(user=request.user, pk=pk)
    except RoleAssignment.DoesNotExist as exc:
        raise Http404("Werkplekbegeleider niet gevonden.") from exc


@require("student.view")
def student_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    return list_page(
        request,
        queryset=selectors.student_list(user=request.user),
        filterset_class=StudentFilter,
        table_class=StudentTable,
        template="placements/student_list.html",
        singular="student",
        plural="studenten",
        export_name=f"studenten-{scope.year}",
        context={
            "year": scope.year,
            "may_add": can(request.user, "student.edit"),
            "sees_everything": scope.sees_everything,
            "is_so": bool(scope.so_location_ids),
        },
    )


@require("student.view")
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    student = _student_or_404(request, pk)
    schools = selectors.student_schools(user=request.user, student=student)
    return render(
        request,
        "placements/student_detail.html",
        {
            "student": student,
            "placements": selectors.student_placements(user=request.user, student=student),
            "schools": schools,
            "owners": [school for school in schools if school.is_owner],
            "may_edit": services.may_change_student(request.user, student),
            "may_register": can(request.user, "placement.edit"),
        },
    )


@require("student.edit")
def student_add(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    form = StudentAddForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            student, status = services.student_add(
                user=request.user,
                location_id=data["location"].pk,
                institute_id=data["institute"].pk,
                student_number=data["student_number"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                programme=data["programme"],
                variant=data["variant"],
                is_zij_instromer=data["is_zij_instromer"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if status == "nieuw":
                messages.success(request, f"{student.full_name} staat in het register.")
            else:
                messages.success(
                    request,
                    f"{student.full_name} was al bekend bij het instituut onder dit "
                    "studentnummer en staat nu ook in jouw register.",
                )
            return redirect("placements:student", pk=student.pk)
    status_code = 400 if request.method == "POST" else 200
    return render(request, "placements/student_form.html", {"form": form}, status=status_code)


@require("student.edit")
def student_edit(request: HttpRequest, pk: int) -> HttpResponse:
    student = _student_or_404(request, pk)
    if not services.may_change_student(request.user, student):
        raise PermissionDenied
    initial = {
        key: getattr(student, key)
        for key in ("first_name", "last_name", "email", "programme", "variant", "is_zij_instromer")
    }
    form = StudentDataForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.student_update(user=request.user, student_id=student.pk, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De gegevens van de student zijn bijgewerkt.")
            return redirect("placements:student", pk=student.pk)
    status_code = 400 if request.method == "POST" else 200
    return render(
        request,
        "placements/student_form.html",
        {"form": form, "student": student},
        status=status_code,
    )


# --- Werkplekbegeleiders --------------------------------------------------------------------


@require("placement.edit")
def mentor_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    return list_page(
        request,
        queryset=selectors.mentor_list_for_register(user=request.user),
        filterset_class=MentorFilter,
        table_class=MentorTable,
        template="placements/mentor_list.html",
        singular="werkplekbegeleider",
        plural="werkplekbegeleiders",
        export_name=f"werkplekbegeleiders-{scope.year}",
        context={"year": scope.year, "sees_everything": scope.sees_everything},
    )


# The service names the e-mail field as the placement form does.
MENTOR_FIELDS = {"wpb_email": "email"}


def _mentor_errors(form: MentorAddForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {MENTOR_FIELDS.get(key, key): value for key, value in error.error_dict.items()}
        )
    _apply_errors(form, error)


@require("placement.edit")
def mentor_add(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    form = MentorAddForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        known = services.mentor_known(email=data["email"], year=scope.year)
        try:
            ensure_open(scope.year)
            person = services.wpb_find_or_create(
                user=request.user,
                location_id=data["location"].pk,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                subjects=data["subjects"],
                qualification_grade=data["qualification_grade"],
                started_at_school=data["started_at_school"],
                confirm_staff=data["confirm_staff"],
            )
        except ValidationError as error:
            _mentor_errors(form, error)
        else:
            if known:
                messages.success(
                    request,
                    f"{person.full_name} was al werkplekbegeleider en is nu ook gekoppeld aan "
                    f"{data['location'].name}. Gegevens die een andere school beheert, zijn "
                    "niet gewijzigd.",
                )
            else:
                messages.success(
                    request, f"{person.full_name} is werkplekbegeleider op {data['location'].name}."
                )
            return redirect("placements:mentors")
    status_code = 400 if request.method == "POST" else 200
    return render(
        request,
        "placements/mentor_form.html",
        {"form": form, "year": scope.year},
        status=status_code,
    )


@require("placement.edit")
def mentor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _mentor_or_404(request, pk)
    if not services.may_change_mentor(request.user, assignment):
        raise PermissionDenied
    may_rename = services.may_rename_mentor(request.user, assignment)
    person = assignment.person
    initial: dict[str, Any] = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "subjects": assignment.subjects,
        "qualification_grade": assignment.qualification_grade,
        "started_at_school": assignment.started_at_school,
    }
    course = person.qualifications.filter(kind=QualificationKind.WPB_COURSE).first()
    initial["wpb_course_on"] = course.obtained_on if course else None
    form = MentorDataForm(request.POST or None, initial=initial)
    form.fields["wpb_course_on"] = DateField(
        label="Cursus werkplekbegeleiding behaald op",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leeg laten als de cursus (nog) niet is gevolgd.",
    )
    if not may_rename:
        for name in ("first_name", "last_name"):
            form.fields[name].disabled = True
            form.fields[name].help_text = services.MENTOR_NAME_NOT_YOURS
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_update(
                user=request.user,
                assignment_id=assignment.pk,
                wpb_course_given=True,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"De gegevens van {person.full_name} zijn bijgewerkt.")
            return redirect("placements:mentors")
    status_code = 400 if request.method == "POST" else 200
    return render(
        request,
        "placements/mentor_form.html",
        {"form": form, "assignment": assignment, "year": assignment.school_year},
        status=status_code,
    )
