"""Background work for visiting: sending the written notices of a restriction, one email per
delivery row, each marked sent or with the error kept for staff to see and send again."""

from django.core.mail import send_mail
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks import task

from .models import NoticeDelivery, RestrictionNotice


@task()
def send_notice(notice_code: str) -> None:
    """Send the deliveries of the notice that have not gone and have not failed."""
    with scopes_disabled():
        notice = RestrictionNotice.objects.filter(code=notice_code).select_related("home").first()
    if notice is None:
        return
    with scope(home=notice.home):
        waiting = NoticeDelivery.objects.filter(notice=notice, sent_at__isnull=True, error="")
        for delivery in waiting:
            _send(delivery, notice)


def _send(delivery: NoticeDelivery, notice: RestrictionNotice) -> None:
    try:
        send_mail(
            subject=delivery.subject or notice.subject,
            message=delivery.body or notice.body,
            from_email=None,
            recipient_list=[delivery.email],
        )
    # Any failure is kept on the row, for staff to see and send again.
    except Exception as error:
        delivery.error = (f"{type(error).__name__}: {error}")[:300]
        delivery.save(update_fields=["error", "updated_at"])
    else:
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at", "updated_at"])
