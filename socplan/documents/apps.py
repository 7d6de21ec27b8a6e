from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "socplan.documents"
    label = "documents"
    verbose_name = _("Generated documents")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

    def load_demo(self, report):
        # The library's demo documents are PDFs, rendered here (documents owns PDFs).
        from socplan.library import demo as library_demo

        from .demo_documents import demo_document_pdf

        library_demo.load_documents(report, make_pdf=demo_document_pdf)
        # The demo's monitoring report of 2019, kept in the library (issue 14).
        from .monitoring import load_demo_report

        load_demo_report(report)
        # The demo round's resolution table, kept as a public document of the process.
        from .consultation import load_demo_table

        load_demo_table(report)
