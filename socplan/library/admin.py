from django.contrib import admin

from .models import Document, DocumentVersion, Event, NewsArticle


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = [
        "number",
        "original_name",
        "size",
        "content_type",
        "note",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the checked form of the site


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "category", "is_public", "issued_on"]
    list_filter = ["category", "is_public", "process"]
    search_fields = ["title", "description"]
    inlines = [DocumentVersionInline]
    raw_id_fields = ["group", "meeting"]


@admin.register(NewsArticle)
class NewsArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "published_at", "is_published"]
    list_filter = ["is_published", "process"]
    search_fields = ["title", "perex", "body"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "starts_at", "place", "is_public"]
    list_filter = ["is_public", "process"]
    search_fields = ["title", "place", "description"]
