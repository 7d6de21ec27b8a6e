"""organisation's implementation of :mod:`socplan.territory.processes`: what the
catalogue (a sibling) may know of planning processes, registered in the AppConfig."""

from .models import PlanningProcess, ProcessRole


class OrganisationDirectory:
    def coordinated_area_ids(self, user) -> set[int]:
        return set(
            ProcessRole.objects.filter(user=user, role=ProcessRole.Role.COORDINATOR).values_list(
                "process__planning_area_id", flat=True
            )
        )

    def role_names(self, user) -> set[str]:
        return set(ProcessRole.objects.filter(user=user).values_list("role", flat=True))

    def roles_in(self, user, process) -> set[str]:
        from .rules import roles

        return roles(user, process)

    def coordinator_user_ids(self, area_ids: set[int]) -> set[int]:
        return set(
            ProcessRole.objects.filter(
                role=ProcessRole.Role.COORDINATOR, process__planning_area_id__in=area_ids
            ).values_list("user_id", flat=True)
        )

    def process_by_slug(self, slug: str):
        return PlanningProcess.objects.filter(slug=slug).select_related("planning_area").first()

    def user_ids_with_role(self, process, role: str):
        return ProcessRole.objects.filter(process=process, role=role).values("user")

    def hidden_area_ids(self) -> set[int]:
        areas = PlanningProcess.objects.values_list("planning_area_id", flat=True)
        return set(areas.filter(is_published=False)) - set(areas.filter(is_published=True))

    def area_ids_with_role(self, user) -> set[int]:
        return set(
            ProcessRole.objects.filter(user=user).values_list(
                "process__planning_area_id", flat=True
            )
        )
