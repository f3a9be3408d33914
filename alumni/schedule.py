"""What the alumni give the admin home's « À traiter » panel: the update requests sent
through the public form that are waiting for a review.

Registered in `AlumniConfig.ready()` through the programme's registry.
"""

from django.urls import reverse

from alumni.models import Submission, SubmissionStatus


def pending_submission_count():
    """Requests nobody has approved, merged or rejected yet, in one query."""
    return Submission.objects.filter(status=SubmissionStatus.PENDING).count()


def pending_submissions_url():
    """The moderation queue, filtered on the requests still to review."""
    changelist = reverse("admin:alumni_submission_changelist")
    return f"{changelist}?status__exact={SubmissionStatus.PENDING}"
