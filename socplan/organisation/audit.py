"""The audit actions of processes, roles, groups, people, meetings, minutes and tasks
(see :mod:`socplan.core.audit`)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class OrganisationAction(AuditAction):
    PROCESS_CREATED = "process.created", _("process created")
    PROCESS_UPDATED = "process.updated", _("process changed")
    PROCESS_PHASES_UPDATED = "process.phases_updated", _("phases of a process changed")
    PROCESS_PARTNERS_UPDATED = "process.partners_updated", _("partners of a process changed")
    PROCESS_ROLE_GRANTED = "process_role.granted", _("role in a process granted")
    PROCESS_ROLE_REVOKED = "process_role.revoked", _("role in a process revoked")
    GROUP_CREATED = "group.created", _("group created")
    GROUP_UPDATED = "group.updated", _("group changed")
    PERSON_CREATED = "person.created", _("person added")
    PERSON_UPDATED = "person.updated", _("person changed")
    PERSON_ANONYMISED = "person.anonymised", _("person anonymised")
    MEMBERSHIP_ADDED = "membership.added", _("membership added")
    MEMBERSHIP_UPDATED = "membership.updated", _("membership changed")
    MEETING_CREATED = "meeting.created", _("meeting created")
    MEETING_UPDATED = "meeting.updated", _("meeting changed")
    MEETING_ATTENDANCE_RECORDED = "meeting.attendance_recorded", _("attendance recorded")
    MEETING_CANCELLATION_SENT = "meeting.cancellation_sent", _("cancellation of a meeting sent")
    MEETING_RESOLUTIONS_UPDATED = "meeting.resolutions_updated", _("resolutions changed")
    MEETING_INVITATION_SENT = "meeting_invitation.sent", _("meeting invitation sent")
    MEETING_INVITATION_REPLIED = "meeting_invitation.replied", _("reply to a meeting invitation")
    MINUTES_CREATED = "minutes.created", _("minutes created")
    MINUTES_UPDATED = "minutes.updated", _("minutes changed")
    MINUTES_APPROVED = "minutes.approved", _("minutes approved")
    MINUTES_REOPENED = "minutes.reopened", _("minutes returned to draft")
    MINUTES_PUBLISHED = "minutes.published", _("minutes published")
    MINUTES_UNPUBLISHED = "minutes.unpublished", _("minutes unpublished")
    TASK_CREATED = "task.created", _("task created")
    TASK_UPDATED = "task.updated", _("task changed")
    TASK_STATUS_CHANGED = "task.status_changed", _("status of a task changed")
    TASK_DELETED = "task.deleted", _("task deleted")
    TASK_REMINDED = "task.reminded", _("tasks reminded")
