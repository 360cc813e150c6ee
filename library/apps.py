from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Afsprakenbibliotheek"
    url_mounts = (("afspraken/", "library.urls"),)

    def ready(self) -> None:
        from bos import audit, worklist

        from .models import Document, DocumentVersion
        from .work import library_work

        worklist.register(library_work)
        audit.register(Document)
        # The extracted text is long and already in the file; the stored name is internal.
        audit.register(DocumentVersion, exclude=["text", "stored_name"])
